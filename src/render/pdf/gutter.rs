//! The gutter a print profile needs for the book's final page count: the book is
//! laid out, its pages counted and the inner margin raised to the profile's
//! minimum (`profile::min_gutter_inches`) until the count holds.

use super::profile::{min_gutter_inches, KDP_GUTTER};
use super::settings::PdfOptions;
use crate::units::Length;

/// What [`settle_gutter`] found: the options to lay out with, whether the gutter
/// was raised, and the last layout (made with those options), when there was one.
pub type Settled<T> = (PdfOptions, Option<GutterRaised>, Option<T>);

/// The gutter, raised to KDP's minimum for the book's final page count: laid out,
/// counted, raised, until the count holds. `layout` lays the book out with the
/// options given and counts its pages.
pub fn settle_gutter<T, E>(
    options: &PdfOptions,
    mut layout: impl FnMut(&PdfOptions) -> Result<(usize, T), E>,
) -> Result<Settled<T>, E> {
    let mut settled = options.clone();
    if !options.profile.is_print() {
        return Ok((settled, None, None));
    }
    let mut raised = None;
    // Each raise moves to a wider band of the table, so this ends.
    for _ in 0..=KDP_GUTTER.len() {
        let (count, laid_out) = layout(&settled)?;
        let minimum = min_gutter_inches(count);
        if settled.margins.inner.pt().0 + 1e-3 >= minimum * 72.0 {
            let raised = raised.map(|from| GutterRaised {
                from,
                to_inches: minimum,
                pages: count,
            });
            return Ok((settled, raised, Some(laid_out)));
        }
        raised.get_or_insert(options.margins.inner);
        settled.margins.inner = Length::inches(minimum);
    }
    Ok((settled, None, None))
}

/// The author's gutter was narrower than KDP's minimum for the page count.
#[derive(Debug, Clone, PartialEq)]
pub struct GutterRaised {
    pub from: Length,
    pub to_inches: f32,
    pub pages: usize,
}

impl GutterRaised {
    pub fn message(&self) -> String {
        format!(
            "the inner margin (gutter) was raised from {} to {}in: a book of {} pages needs at least that much for its binding",
            self.from, self.to_inches, self.pages
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::geometry::Margins;
    use crate::render::pdf::profile::Profile;

    #[test]
    fn the_gutter_is_raised_until_the_page_count_holds() {
        let options = PdfOptions {
            profile: Profile::Kdp,
            margins: Margins {
                inner: Length::inches(0.4),
                ..Margins::default()
            },
            ..PdfOptions::default()
        };
        // A wider gutter makes more pages: 290 at 0.4 in, 310 at 0.5 in, 330 after.
        let count = |o: &PdfOptions| -> Result<(usize, f32), ()> {
            let inner = o.margins.inner.pt().0 / 72.0;
            let pages = match inner {
                i if i < 0.45 => 290,
                i if i < 0.6 => 310,
                _ => 330,
            };
            Ok((pages, inner))
        };
        let (settled, raised, laid_out) = settle_gutter(&options, count).unwrap();
        // The last layout is the one made with the settled margins.
        assert_eq!(laid_out, Some(0.625));
        assert_eq!(settled.margins.inner, Length::inches(0.625));
        let raised = raised.unwrap();
        assert_eq!((raised.pages, raised.to_inches), (330, 0.625));
        assert!(raised.message().contains("from 0.4in to 0.625in"));
        // Digital books keep the author's margins and are not laid out again.
        let digital = PdfOptions {
            profile: Profile::Digital,
            ..options
        };
        let (same, none, _) = settle_gutter(&digital, |_| Err::<(usize, ()), ()>(())).unwrap();
        assert_eq!((same, none), (digital, None));
    }
}
