//! Shaping in one face: a word through harfrust, with the face's shape plans kept,
//! into glyphs that carry their cluster and the text they stand for.

use harfrust::{Buffer, Direction, Language, Script, ShapeOptions, ShapePlan, ShaperFont};

use super::{Glyph, MissingGlyph, ShapedText};
use crate::fonts::FontStyle;

/// Shape plans by face, direction, script and language: making one reads the font's
/// feature lists, which costs more than shaping a word. And one buffer, cleared
/// for each word rather than allocated anew (as HarfBuzz's users do).
#[derive(Default)]
pub(super) struct Plans {
    plans: Vec<(PlanKey, ShapePlan)>,
    buffer: Buffer,
}

type PlanKey = ((u8, FontStyle), Direction, Option<Script>, Option<Language>);

fn plan<'p>(
    plans: &'p mut Vec<(PlanKey, ShapePlan)>,
    face: &harfrust::Font,
    key: PlanKey,
) -> &'p ShapePlan {
    let index = match plans.iter().position(|(k, _)| *k == key) {
        Some(index) => index,
        None => {
            let (_, direction, script, language) = &key;
            let plan = ShapePlan::new(face, *direction, *script, language.as_ref(), &[]);
            plans.push((key, plan));
            plans.len() - 1
        }
    };
    &plans[index].1
}

/// Shapes `text` in one face: `font` of the chain, in `style`.
pub(super) fn shape_uncached(
    face: &harfrust::Font,
    plans: &mut Plans,
    (font, style): (u8, FontStyle),
    text: &str,
) -> Result<ShapedText, MissingGlyph> {
    let Plans { plans, buffer } = plans;
    buffer.clear();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    if buffer.direction() == Direction::Invalid {
        buffer.set_direction(Direction::LeftToRight);
    }
    let rtl = buffer.direction() == Direction::RightToLeft;
    let key = (
        (font, style),
        buffer.direction(),
        buffer.script(),
        buffer.language().cloned(),
    );
    let options = ShapeOptions::new().plan(Some(plan(plans, face, key)));
    // The plan is made for the buffer's own direction and script: shaping cannot
    // refuse it.
    let _ = harfrust::shape(&ShaperFont::new(face), buffer, options);
    let infos = buffer.glyph_infos();
    let positions = buffer.glyph_positions();
    let mut glyphs = Vec::with_capacity(infos.len());
    let mut advance = 0;
    for (index, (info, position)) in infos.iter().zip(positions).enumerate() {
        let cluster = info.cluster as usize;
        if info.glyph_id == 0 {
            let character = text[cluster..].chars().next().unwrap_or('\u{FFFD}');
            return Err(MissingGlyph {
                character,
                style,
                text: text.to_string(),
                paragraph: String::new(),
            });
        }
        // The glyph's text runs to the next cluster; later glyphs of the same cluster
        // (rare in Latin text) carry none, so the text is not doubled.
        let shares_cluster = index > 0 && infos[index - 1].cluster as usize == cluster;
        let next_cluster = infos[index + 1..]
            .iter()
            .map(|i| i.cluster as usize)
            .find(|&c| c != cluster)
            .unwrap_or(text.len());
        let text_end = if rtl {
            // Visual order: the glyph's text runs to the next cluster in the text.
            let next = infos
                .iter()
                .map(|i| i.cluster as usize)
                .filter(|&c| c > cluster);
            let end = next.min().unwrap_or(text.len());
            if shares_cluster {
                cluster
            } else {
                end
            }
        } else if shares_cluster || next_cluster < cluster {
            cluster
        } else {
            next_cluster
        };
        glyphs.push(Glyph {
            id: info.glyph_id as u16,
            font,
            rtl,
            advance: position.x_advance,
            cluster,
            text_end,
        });
        advance += position.x_advance;
    }
    Ok(ShapedText::new(glyphs, advance))
}
