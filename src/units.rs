//! Units that carry their meaning in the type: `Pt` (a PDF point, 1/72 in) for
//! every distance on a page, and `Length`, a distance as the author wrote it
//! ("0.8in", "20mm", "1.5cm", "54pt") in the manifest.

use std::fmt;
use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

/// A distance in PDF points (1/72 in).
#[derive(Debug, Clone, Copy, Default, PartialEq, PartialOrd)]
#[repr(transparent)]
pub struct Pt(pub f32);

impl Pt {
    pub const ZERO: Pt = Pt(0.0);
    pub const PER_INCH: f32 = 72.0;
    pub const PER_MM: f32 = 72.0 / 25.4;

    pub const fn inches(inches: f32) -> Pt {
        Pt(inches * Self::PER_INCH)
    }

    pub fn max(self, other: Pt) -> Pt {
        Pt(self.0.max(other.0))
    }

    pub fn min(self, other: Pt) -> Pt {
        Pt(self.0.min(other.0))
    }
}

impl fmt::Display for Pt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} pt", self.0)
    }
}

impl Add for Pt {
    type Output = Pt;
    fn add(self, other: Pt) -> Pt {
        Pt(self.0 + other.0)
    }
}

impl Sub for Pt {
    type Output = Pt;
    fn sub(self, other: Pt) -> Pt {
        Pt(self.0 - other.0)
    }
}

impl AddAssign for Pt {
    fn add_assign(&mut self, other: Pt) {
        self.0 += other.0;
    }
}

impl SubAssign for Pt {
    fn sub_assign(&mut self, other: Pt) {
        self.0 -= other.0;
    }
}

impl Neg for Pt {
    type Output = Pt;
    fn neg(self) -> Pt {
        Pt(-self.0)
    }
}

impl Mul<f32> for Pt {
    type Output = Pt;
    fn mul(self, factor: f32) -> Pt {
        Pt(self.0 * factor)
    }
}

impl Mul<Pt> for f32 {
    type Output = Pt;
    fn mul(self, pt: Pt) -> Pt {
        Pt(self * pt.0)
    }
}

impl Div<f32> for Pt {
    type Output = Pt;
    fn div(self, divisor: f32) -> Pt {
        Pt(self.0 / divisor)
    }
}

/// The ratio of two distances.
impl Div for Pt {
    type Output = f32;
    fn div(self, other: Pt) -> f32 {
        self.0 / other.0
    }
}

impl std::iter::Sum for Pt {
    fn sum<I: Iterator<Item = Pt>>(iter: I) -> Pt {
        Pt(iter.map(|p| p.0).sum())
    }
}

/// The units a manifest length may be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LengthUnit {
    Inch,
    Millimetre,
    Centimetre,
    Point,
}

impl LengthUnit {
    fn points(self) -> f32 {
        match self {
            LengthUnit::Inch => Pt::PER_INCH,
            LengthUnit::Millimetre => Pt::PER_MM,
            LengthUnit::Centimetre => Pt::PER_MM * 10.0,
            LengthUnit::Point => 1.0,
        }
    }

    fn symbol(self) -> &'static str {
        match self {
            LengthUnit::Inch => "in",
            LengthUnit::Millimetre => "mm",
            LengthUnit::Centimetre => "cm",
            LengthUnit::Point => "pt",
        }
    }
}

/// A distance as written in the manifest: a non-negative number and a unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Length {
    pub value: f32,
    pub unit: LengthUnit,
}

impl Length {
    pub const fn inches(value: f32) -> Length {
        Length {
            value,
            unit: LengthUnit::Inch,
        }
    }

    pub fn pt(self) -> Pt {
        Pt(self.value * self.unit.points())
    }
}

impl fmt::Display for Length {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.value, self.unit.symbol())
    }
}

impl std::str::FromStr for Length {
    type Err = String;

    /// "5in", "148mm", "1.5cm", "12pt"; a bare number is points.
    fn from_str(text: &str) -> Result<Length, String> {
        let text = text.trim();
        let (number, unit) = text
            .find(|c: char| c.is_ascii_alphabetic())
            .map(|i| text.split_at(i))
            .unwrap_or((text, "pt"));
        let value: f32 = number.trim().parse().map_err(|_| {
            format!("`{text}` is not a length; write e.g. \"0.75in\", \"18mm\" or \"54pt\"")
        })?;
        let unit = match unit {
            "in" => LengthUnit::Inch,
            "mm" => LengthUnit::Millimetre,
            "cm" => LengthUnit::Centimetre,
            "pt" => LengthUnit::Point,
            other => {
                return Err(format!(
                    "unknown unit `{other}` in `{text}`; use in, mm, cm or pt"
                ))
            }
        };
        if !value.is_finite() || value < 0.0 {
            return Err(format!("`{text}` must be a positive length"));
        }
        Ok(Length { value, unit })
    }
}

impl<'de> serde::Deserialize<'de> for Length {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Length, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_convert_each_unit_to_points() {
        let cases = [
            ("1in", 72.0),
            ("0.75in", 54.0),
            ("25.4mm", 72.0),
            ("2.54cm", 72.0),
            ("54pt", 54.0),
            ("54", 54.0),
            (" 10 mm ", 28.346457),
        ];
        for (text, points) in cases {
            let length: Length = text.parse().unwrap();
            assert!((length.pt().0 - points).abs() < 1e-3, "{text}: {length:?}");
        }
    }

    #[test]
    fn bad_lengths_say_what_is_wrong() {
        assert!("1ft"
            .parse::<Length>()
            .unwrap_err()
            .contains("unknown unit `ft`"));
        assert!("abc"
            .parse::<Length>()
            .unwrap_err()
            .contains("not a length"));
        assert!("-1in".parse::<Length>().unwrap_err().contains("positive"));
        assert!("NaNin".parse::<Length>().is_err());
    }

    #[test]
    fn points_add_scale_and_divide() {
        let a = Pt(10.0);
        assert_eq!(a + Pt(2.0), Pt(12.0));
        assert_eq!(a - Pt(2.0), Pt(8.0));
        assert_eq!(a * 1.5, Pt(15.0));
        assert_eq!(2.0 * a, Pt(20.0));
        assert_eq!(a / Pt(4.0), 2.5);
        assert_eq!(Pt::inches(1.0), Pt(72.0));
        assert_eq!([a, a].into_iter().sum::<Pt>(), Pt(20.0));
    }

    #[test]
    fn points_accumulate_negate_halve_and_compare() {
        let mut x = Pt(10.0);
        x += Pt(2.5);
        assert_eq!(x, Pt(12.5));
        x -= Pt(4.5);
        assert_eq!(x, Pt(8.0));
        assert_eq!(-x, Pt(-8.0));
        assert_eq!(x / 4.0, Pt(2.0));
        assert_eq!(Pt(3.0).max(Pt(5.0)), Pt(5.0));
        assert_eq!(Pt(3.0).min(Pt(5.0)), Pt(3.0));
    }

    #[test]
    fn lengths_and_points_print_as_an_author_writes_them() {
        // Messages quote a length back in the author's unit, so it reads as written.
        for text in ["0.75in", "18mm", "1.5cm", "54pt"] {
            assert_eq!(text.parse::<Length>().unwrap().to_string(), text);
        }
        assert_eq!(Length::inches(0.5).to_string(), "0.5in");
        assert_eq!(Pt(12.5).to_string(), "12.5 pt");
    }

    #[test]
    fn a_zero_length_is_allowed() {
        // A margin or indent of nothing is a choice, not a mistake.
        assert_eq!("0mm".parse::<Length>().unwrap().pt(), Pt::ZERO);
    }
}
