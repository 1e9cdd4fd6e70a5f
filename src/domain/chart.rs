//! Bar chart geometry: where each bar starts and ends, on a shared scale with a zero baseline.
//!
//! Pure arithmetic on `Decimal` (no floats, no DOM): positions are in per-mille of the plot's
//! width, so the component can draw into any size with an SVG `viewBox="0 0 1000 …"`.
//! Negative amounts (income, refunds) extend left of the zero line.

use rust_decimal::Decimal;

/// The width of the plot in the chart's own units.
pub const PLOT_WIDTH: u32 = 1000;

/// One bar's horizontal extent, in units of [`PLOT_WIDTH`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BarSpan {
    /// Left edge.
    pub x: Decimal,
    /// Width (never negative).
    pub width: Decimal,
    /// Whether the amount is below zero (drawn hatched, so colour is not the only cue).
    pub negative: bool,
}

/// The shared scale of one chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    /// The smallest value shown (zero or below).
    pub min: Decimal,
    /// The largest value shown (zero or above).
    pub max: Decimal,
}

impl Scale {
    /// A scale covering every amount and zero.
    pub fn covering(amounts: impl IntoIterator<Item = Decimal>) -> Scale {
        amounts.into_iter().fold(Scale { min: Decimal::ZERO, max: Decimal::ZERO }, |scale, amount| Scale {
            min: scale.min.min(amount),
            max: scale.max.max(amount),
        })
    }

    /// Where a value falls, in units of [`PLOT_WIDTH`], rounded to a tenth.
    pub fn position(&self, value: Decimal) -> Decimal {
        let range = self.max - self.min;
        if range.is_zero() {
            return Decimal::ZERO;
        }
        ((value - self.min) * Decimal::from(PLOT_WIDTH) / range).round_dp(1)
    }

    /// Where zero falls: the bars' baseline.
    pub fn baseline(&self) -> Decimal {
        self.position(Decimal::ZERO)
    }

    /// The span between two values (either order): the estimated part of a bar, drawn over it
    /// from `amount − estimated` to `amount`.
    pub fn span(&self, from: Decimal, to: Decimal) -> BarSpan {
        let (a, b) = (self.position(from), self.position(to));
        BarSpan { x: a.min(b), width: (b - a).abs(), negative: to < from }
    }

    /// The span of one bar from zero to `amount`.
    pub fn bar(&self, amount: Decimal) -> BarSpan {
        let zero = self.baseline();
        let end = self.position(amount);
        BarSpan {
            x: zero.min(end),
            width: (end - zero).abs(),
            negative: amount.is_sign_negative() && !amount.is_zero(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::tests::dec;

    #[test]
    fn positive_bars_grow_from_the_left_edge() {
        let scale = Scale::covering([dec("100"), dec("50"), dec("0")]);
        assert_eq!(scale.bar(dec("100")), BarSpan { x: dec("0"), width: dec("1000"), negative: false });
        assert_eq!(scale.bar(dec("50")), BarSpan { x: dec("0"), width: dec("500"), negative: false });
        assert_eq!(scale.bar(dec("0")).width, dec("0"));
    }

    #[test]
    fn negative_bars_extend_left_of_a_shifted_baseline() {
        let scale = Scale::covering([dec("300"), dec("-100")]);
        assert_eq!(scale.baseline(), dec("250"));
        assert_eq!(scale.bar(dec("-100")), BarSpan { x: dec("0"), width: dec("250"), negative: true });
        assert_eq!(scale.bar(dec("300")), BarSpan { x: dec("250"), width: dec("750"), negative: false });
    }

    #[test]
    fn the_estimated_part_sits_at_the_end_of_its_bar() {
        let scale = Scale::covering([dec("200"), dec("-100")]);
        // (amount, estimated part, expected span of the estimate)
        let cases = [
            ("200", "50", BarSpan { x: dec("833.3"), width: dec("166.7"), negative: false }),
            ("200", "200", BarSpan { x: dec("333.3"), width: dec("666.7"), negative: false }),
            ("-100", "-40", BarSpan { x: dec("0"), width: dec("133.3"), negative: true }),
        ];
        for (amount, estimated, expected) in cases {
            assert_eq!(scale.span(dec(amount) - dec(estimated), dec(amount)), expected, "{amount} {estimated}");
        }
    }

    #[test]
    fn empty_or_all_zero_charts_have_no_width() {
        let scale = Scale::covering([]);
        assert_eq!(scale.bar(dec("0")).width, dec("0"));
        assert_eq!(Scale::covering([dec("0"), dec("0")]).position(dec("0")), dec("0"));
    }

    #[test]
    fn bars_always_stay_inside_the_plot() {
        let amounts: Vec<Decimal> =
            ["-7", "3.33", "1000000000000000", "-1000000000000000", "0.0001"].iter().map(|a| dec(a)).collect();
        let scale = Scale::covering(amounts.clone());
        for amount in amounts {
            let bar = scale.bar(amount);
            assert!(
                bar.x >= Decimal::ZERO && bar.x + bar.width <= Decimal::from(PLOT_WIDTH) + dec("0.1"),
                "{amount}: {bar:?}"
            );
        }
    }
}
