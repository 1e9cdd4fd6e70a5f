//! The chart as a stand-alone SVG file ("Download the chart"): the bars the page shows, with the
//! selection, year, status, source, licence, address and download date drawn in, so a copy pasted
//! into a report still says what it is and whose figures. Made-up figures say so in a banner.
//!
//! Built as text from the same values as the page: rows and values from `format::figures`, bar
//! geometry from [`crate::domain::chart`] (Decimal, no floats). Every label is escaped as XML
//! text; values are printed beside the bars, negative bars are hatched and estimates cross-hatched,
//! so colour is never the only cue. The shell draws this SVG onto a canvas for the PNG.

use crate::domain::aggregate::{Breakdown, SliceKey};
use crate::domain::chart::{PLOT_WIDTH, Scale};
use crate::domain::compare_places::PlacesCompared;
use crate::domain::export;
use crate::domain::format::{self, Figures};
use crate::domain::per_resident::{self, Bars};
use crate::domain::query::Measure;
use crate::domain::source::Provenance;
use rust_decimal::Decimal;

/// The SVG's width in pixels.
pub const WIDTH: u32 = 800;
const MARGIN: u32 = 24;
/// The bars' plot width in pixels; values are printed to its right.
const PLOT_PX: u32 = 560;
/// Characters per line for wrapped text, by font size (a conservative average glyph width, so
/// lines stay inside the picture without measuring text).
const CHARS_TITLE: usize = 62;
const CHARS_BODY: usize = 92;
const CHARS_SMALL: usize = 110;

/// What the picture says around the bars.
#[derive(Debug, Clone, Copy)]
pub struct ChartText<'a> {
    /// The chart's heading: the selection and the dimension ("Spending … in Ludlow: by audience").
    pub heading: &'a str,
    /// The year shown.
    pub period: &'a str,
    /// The status badge's words.
    pub status: &'a str,
    /// Whether the figures are made up (draws the "made-up figures" banner).
    pub made_up: bool,
    /// The dataset's title.
    pub dataset: &'a str,
    /// The licence, or the attribution it asks for.
    pub licence: &'a str,
    /// Whose figures: a file from this computer or another website says so, and a local file's
    /// view has no address ([`export::view_line`]).
    pub provenance: &'a Provenance,
    /// "Compare places": the Places side by side, as the page shows them, drawn under the bars.
    pub compared: Option<&'a PlacesCompared>,
    /// The view's address.
    pub address: &'a str,
    /// The download date (ISO 8601), read by the shell.
    pub downloaded: &'a str,
}

/// Escapes text for XML character data or a double-quoted attribute. Characters XML 1.0 does
/// not allow (most C0 controls, U+FFFE, U+FFFF) become U+FFFD, so the file always parses.
pub fn xml_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Splits text into lines of at most `width` characters at spaces; a word longer than a line
/// (a long address) is cut by characters, so every character stays inside the picture.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut pieces: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        let chars: Vec<char> = word.chars().collect();
        pieces.extend(chars.chunks(width).map(|c| c.iter().collect::<String>()));
    }
    for word in &pieces {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A pixel position from a per-mille position on the plot, to a tenth of a pixel.
fn px(per_mille: Decimal) -> String {
    (Decimal::from(MARGIN) + per_mille * Decimal::from(PLOT_PX) / Decimal::from(PLOT_WIDTH))
        .round_dp(1)
        .normalize()
        .to_string()
}

/// The presentation attributes for a class of text or shape. Attributes, not a `<style>`
/// element: a page's Content-Security-Policy blocks inline styles in an SVG drawn as an image
/// (the PNG), and some viewers ignore them.
fn paint(class: &str) -> &'static str {
    match class {
        "title" => "class=\"title\" font-weight=\"bold\" fill=\"#0b0c0c\"",
        "muted" => "class=\"muted\" fill=\"#505a5f\"",
        "value" => "class=\"value\" fill=\"#0b0c0c\"",
        "bar" => "class=\"bar\" fill=\"#1d70b8\"",
        "bar negative" => "class=\"bar negative\" fill=\"url(#wp-hatch)\"",
        "bar unattributed" => "class=\"bar unattributed\" fill=\"#ffffff\" stroke=\"#1d70b8\" stroke-width=\"2\"",
        "estimate" => "class=\"estimate\" fill=\"url(#wp-estimate)\"",
        "baseline" => "class=\"baseline\" stroke=\"#0b0c0c\" stroke-width=\"1\"",
        "made-up" => "class=\"made-up\" fill=\"#fff4e5\" stroke=\"#b35c00\" stroke-width=\"2\"",
        "made-up-text" => "class=\"made-up-text\" fill=\"#6b3700\"",
        _ => "class=\"label\" fill=\"#0b0c0c\"",
    }
}

/// Appends wrapped text lines, moving `y` down; returns nothing.
fn lines(out: &mut String, y: &mut u32, text: &str, chars: usize, size: u32, class: &str) {
    for line in wrap(text, chars) {
        *y += size + 6;
        out.push_str(&format!(
            "<text x=\"{MARGIN}\" y=\"{y}\" font-size=\"{size}\" {}>{}</text>\n",
            paint(class),
            xml_text(&line)
        ));
    }
}

/// The chart as an SVG document: the bars the page draws (`per_resident::bars`: total or per
/// resident, in the view's order), with the page's own figures as their values.
pub fn chart_svg(breakdown: &Breakdown, figures: &Figures, bars: &Bars, text: &ChartText<'_>) -> String {
    let per_head = bars.measure == Measure::PerResident;
    let per = figures.place_average.as_ref().map_or("resident", |a| a.per);
    let heading = if per_head { format!("{}, per {per}", text.heading) } else { text.heading.to_owned() };
    let mut body = String::new();
    let mut y: u32 = MARGIN - 6;
    if text.made_up {
        body.push_str(&format!(
            "<rect x=\"{MARGIN}\" y=\"{}\" width=\"{}\" height=\"30\" {}/>\n\
             <text x=\"{}\" y=\"{}\" font-size=\"15\" font-weight=\"bold\" {}>MADE-UP FIGURES: not real spending</text>\n",
            y + 6,
            WIDTH - 2 * MARGIN,
            paint("made-up"),
            MARGIN + 10,
            y + 27,
            paint("made-up-text"),
        ));
        y += 36;
    }
    if let Some(origin) = export::origin_line(text.provenance) {
        lines(&mut body, &mut y, &origin, CHARS_BODY, 14, "made-up-text");
    }
    lines(&mut body, &mut y, &heading, CHARS_TITLE, 20, "title");
    lines(&mut body, &mut y, &format!("{} · {}", text.period, text.status), CHARS_BODY, 14, "muted");
    y += 12;
    let scale = Scale::covering(bars.values.iter().flatten().copied());
    let baseline = px(scale.baseline());
    let value_x = WIDTH - MARGIN;
    for &i in &bars.order {
        let (Some(slice), Some(row)) = (breakdown.slices.get(i), figures.rows.get(i)) else { continue };
        let label = format!("{}{}", slice.label, format::parts_suffix(slice));
        lines(&mut body, &mut y, &label, CHARS_BODY, 14, "label");
        let bar_y = y + 5;
        let value = bars.values.get(i).copied().flatten();
        let bar = scale.bar(value.unwrap_or_default());
        let class = match (bar.negative, slice.key == SliceKey::Unattributed) {
            (true, _) => "bar negative",
            (false, true) => "bar unattributed",
            (false, false) => "bar",
        };
        body.push_str(&format!(
            "<rect x=\"{}\" y=\"{bar_y}\" width=\"{}\" height=\"16\" {}/>\n",
            px(bar.x),
            (bar.width * Decimal::from(PLOT_PX) / Decimal::from(PLOT_WIDTH)).round_dp(1).normalize(),
            paint(class),
        ));
        let estimated = bars.estimated.get(i).copied().unwrap_or_default();
        if let (Some(value), false) = (value, estimated.is_zero()) {
            let part = scale.span(value - estimated, value);
            body.push_str(&format!(
                "<rect x=\"{}\" y=\"{bar_y}\" width=\"{}\" height=\"16\" {}/>\n",
                px(part.x),
                (part.width * Decimal::from(PLOT_PX) / Decimal::from(PLOT_WIDTH)).round_dp(1).normalize(),
                paint("estimate"),
            ));
        }
        body.push_str(&format!(
            "<line x1=\"{baseline}\" x2=\"{baseline}\" y1=\"{}\" y2=\"{}\" {}/>\n",
            bar_y - 2,
            bar_y + 18,
            paint("baseline"),
        ));
        let value = match (per_head, &row.estimated) {
            (true, _) => {
                let shown = bars.texts.get(i).cloned().unwrap_or_default();
                let unit = bars.units.get(i).cloned().unwrap_or_default();
                if shown.is_empty() { unit } else { format!("{shown} {unit}") }
            }
            (false, Some(estimate)) => format!("{} (includes {estimate} estimate)", row.amount),
            (false, None) => row.amount.clone(),
        };
        body.push_str(&format!(
            "<text x=\"{value_x}\" y=\"{}\" font-size=\"14\" text-anchor=\"end\" {}>{}</text>\n",
            bar_y + 13,
            paint("value"),
            xml_text(&value)
        ));
        y = bar_y + 22;
    }
    body.push_str(&format!(
        "<text x=\"{MARGIN}\" y=\"{}\" font-size=\"14\" font-weight=\"bold\" {}>Total</text>\n\
         <text x=\"{value_x}\" y=\"{}\" font-size=\"14\" font-weight=\"bold\" text-anchor=\"end\" {}>{}</text>\n",
        y + 14,
        paint("label"),
        y + 14,
        paint("value"),
        xml_text(&if per_head {
            format!("{} per {per}", figures.total.per_head)
        } else {
            figures.total.amount.clone()
        })
    ));
    y += 22;
    if let (true, Some(average)) = (per_head, &figures.place_average) {
        let line = format!("{}: {} per {per}", average.label(), average.average_text);
        lines(&mut body, &mut y, &line, CHARS_BODY, 13, "label");
    }
    let summary = match per_resident::summary(breakdown, bars, figures) {
        Some(per_head) => {
            let sentence = figures.place_average.as_ref().map(|a| export::plain(&a.sentence())).unwrap_or_default();
            format!("{} {sentence}", export::plain(&per_head))
        }
        None => format::summary(breakdown, figures),
    };
    lines(&mut body, &mut y, &summary, CHARS_BODY, 13, "muted");
    if let Some(compared) = text.compared {
        y += 6;
        lines(&mut body, &mut y, "Places side by side (spending attributed to each Place)", CHARS_BODY, 14, "title");
        let per = compared.per;
        for place in &compared.places {
            let line =
                format!("{}: {} · {} people · {} per {per}", place.label, place.amount, place.people, place.per_head);
            lines(&mut body, &mut y, &line, CHARS_BODY, 13, "label");
        }
        if let Some(average) = &compared.average {
            let line = format!("Average across all Places (same basis): {} per {per}", average.average_text);
            lines(&mut body, &mut y, &line, CHARS_BODY, 13, "label");
        }
    }
    y += 6;
    let source = match text.provenance {
        Provenance::Site => format!("Source: {}.", text.dataset),
        _ => format!("Source: {} (as the file names itself).", text.dataset),
    };
    let footer = [
        source,
        text.licence.to_owned(),
        figures.rounding_note.clone(),
        "Negative amounts are hatched; estimated parts of bars are cross-hatched.".to_owned(),
        format!("View: {}", export::view_line(text.provenance, text.address)),
        format!("Downloaded {} from Whole Place.", text.downloaded),
    ];
    for line in footer.iter().filter(|l| !l.is_empty()) {
        lines(&mut body, &mut y, line, CHARS_SMALL, 11, "muted");
    }
    let height = y + MARGIN;
    let description = format!("{}. {summary}", text.period);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" font-family=\"system-ui, -apple-system, 'Segoe UI', Arial, sans-serif\">\n\
         <title id=\"chart-title\">{}</title>\n<desc id=\"chart-desc\">{}</desc>\n\
         <defs>\n<pattern id=\"wp-hatch\" patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\" patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"#fff\"/><rect width=\"3\" height=\"8\" fill=\"#d4351c\"/></pattern>\n\
         <pattern id=\"wp-estimate\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" patternTransform=\"rotate(-45)\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/><rect width=\"3\" height=\"6\" fill=\"#1d70b8\"/></pattern>\n</defs>\n\
         <rect width=\"{WIDTH}\" height=\"{height}\" fill=\"#ffffff\"/>\n{body}</svg>\n",
        xml_text(&heading),
        xml_text(&description),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_stays_well_formed() {
        // (text, escaped)
        let cases: &[(&str, &str)] = &[
            ("Ludlow", "Ludlow"),
            ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
            ("A & B \"C\" 'D'", "A &amp; B &quot;C&quot; &apos;D&apos;"),
            ("]]>", "]]&gt;"),
            ("a\u{0}b\u{1B}c\u{FFFF}", "a\u{FFFD}b\u{FFFD}c\u{FFFD}"),
            ("line\nbreak", "line break"),
            ("\u{202E}evil", "\u{202E}evil"),
        ];
        for (given, expected) in cases {
            assert_eq!(xml_text(given), *expected, "{given:?}");
        }
    }

    #[test]
    fn text_wraps_at_spaces() {
        // (text, width, lines)
        let cases: &[(&str, usize, &[&str])] = &[
            ("", 10, &[]),
            ("one two three", 7, &["one two", "three"]),
            ("averyveryverylongword x", 5, &["avery", "veryv", "erylo", "ngwor", "d x"]),
            ("https://example.org/?a=1", 10, &["https://ex", "ample.org/", "?a=1"]),
            ("a  b", 10, &["a b"]),
        ];
        for (text, width, expected) in cases {
            assert_eq!(wrap(text, *width), *expected, "{text:?}");
        }
    }
}
