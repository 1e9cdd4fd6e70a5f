//! QR codes for paper: a link (or any short text) as an SVG picture that a phone scans from a
//! printed page, so a printout or a table mat leads back to the live view.
//!
//! The picture is drawn by the `qrcode` crate's SVG renderer in module units (one unit per
//! module, a quiet zone of four modules all round), so the page sizes it with CSS and it stays
//! sharp at any size. It holds no text from the input, only squares: an address with `<` or `"`
//! in it cannot reach the markup. Pages show it as an `<img>` whose source is [`data_url`]
//! (a strict CSP allows `img-src 'self' data:`), with the address itself as the alt text.

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// The most bytes one code holds at the error correction level used here (version 40, level M,
/// byte mode). Links the app writes are far shorter: a view with a dozen filters is under 400.
pub const MAX_BYTES: usize = 2331;

/// Modules of blank margin around the code on each side, as the QR standard asks, so a scanner
/// finds the code's edge on a busy page.
pub const QUIET_ZONE: usize = 4;

/// A QR code drawn as SVG text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrSvg {
    /// A stand-alone SVG document (`<?xml …?><svg …>`), black squares on white, whose `viewBox`
    /// is `side` units square, one unit per module.
    pub svg: String,
    /// Modules per side, quiet zone included (21 + 4 × (version − 1) + 2 × [`QUIET_ZONE`]).
    pub side: usize,
}

/// Why a text has no QR code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QrError {
    /// Occurs when the text is longer than one QR code holds: `bytes` of UTF-8 against
    /// [`MAX_BYTES`].
    TooLong {
        /// The text's length in UTF-8 bytes.
        bytes: usize,
    },
}

impl QrError {
    /// The reason in plain English, for the page (the printed address is still there to type).
    pub fn message(self) -> String {
        match self {
            QrError::TooLong { bytes } => format!(
                "This address is too long for a QR code ({bytes} characters; a code holds at most {MAX_BYTES}): type the address instead."
            ),
        }
    }
}

/// Draws `text` as a QR code at error correction level M (15% of the code may be lost to a
/// crease, a pen mark or a coffee ring and it still scans).
///
/// Returns the SVG and its size in modules, or [`QrError::TooLong`] when the text is over
/// [`MAX_BYTES`] bytes. The same text always gives the same SVG.
///
/// ```
/// use whole_place::domain::qr;
/// let code = qr::qr_svg("https://example.org/?dataset=shropshire-published").unwrap();
/// assert!(code.svg.contains("<svg"));
/// assert_eq!(code.side, 33 + 2 * qr::QUIET_ZONE);
/// ```
pub fn qr_svg(text: &str) -> Result<QrSvg, QrError> {
    let too_long = QrError::TooLong { bytes: text.len() };
    if text.len() > MAX_BYTES {
        return Err(too_long);
    }
    // The only error the encoder has for bytes at this level is "too long" (checked above);
    // whatever it says, the page gets the same plain reason.
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(|_| too_long)?;
    let svg = code
        .render::<svg::Color<'_>>()
        .quiet_zone(true)
        .module_dimensions(1, 1)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    Ok(QrSvg { svg, side: code.width() + 2 * QUIET_ZONE })
}

/// The SVG as a `data:image/svg+xml` address for an `<img src>`: every character but ASCII
/// letters and digits percent-encoded, so nothing in it ends an attribute or starts a fragment.
pub fn data_url(svg: &str) -> String {
    format!("data:image/svg+xml,{}", utf8_percent_encode(svg, NON_ALPHANUMERIC))
}

/// The text's QR code as a `data:` address ([`qr_svg`] then [`data_url`]): what a page needs
/// for `<img src>`, or the reason there is none.
pub fn qr_data_url(text: &str) -> Result<String, QrError> {
    qr_svg(text).map(|code| data_url(&code.svg))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The number of modules per side of the code for a text, from its SVG's `viewBox`.
    fn view_box_side(svg: &str) -> usize {
        let document = roxmltree::Document::parse(svg).unwrap();
        let view_box = document.root_element().attribute("viewBox").unwrap();
        let parts: Vec<usize> = view_box.split(' ').map(|p| p.parse().unwrap()).collect();
        assert_eq!(parts[..2], [0, 0], "{view_box}");
        assert_eq!(parts[2], parts[3], "square: {view_box}");
        parts[2]
    }

    #[test]
    fn longer_texts_need_larger_codes() {
        // (text length in bytes, version the QR standard gives for byte mode at level M)
        let cases: &[(usize, usize)] =
            &[(1, 1), (14, 1), (15, 2), (26, 2), (27, 3), (106, 6), (107, 7), (MAX_BYTES, 40)];
        let mut last_side = 0;
        for &(bytes, version) in cases {
            let text = "a".repeat(bytes);
            let code = qr_svg(&text).unwrap();
            let side = 17 + 4 * version + 2 * QUIET_ZONE;
            assert_eq!(code.side, side, "{bytes} bytes");
            assert_eq!(view_box_side(&code.svg), side, "{bytes} bytes");
            assert!(code.side >= last_side, "{bytes} bytes: a longer text never gets a smaller code");
            last_side = code.side;
        }
    }

    #[test]
    fn overlong_text_is_a_typed_error() {
        for bytes in [MAX_BYTES + 1, 5000] {
            let error = qr_svg(&"a".repeat(bytes)).unwrap_err();
            assert_eq!(error, QrError::TooLong { bytes });
            assert!(error.message().contains(&bytes.to_string()), "{}", error.message());
            assert_eq!(qr_data_url(&"a".repeat(bytes)), Err(error));
        }
        // Bytes, not characters: 1,200 two-byte characters are 2,400 bytes.
        assert_eq!(qr_svg(&"é".repeat(1200)), Err(QrError::TooLong { bytes: 2400 }));
    }

    #[test]
    fn svg_holds_squares_only_never_the_text() {
        let text = "https://example.org/?dataset=x&place=\"><script>alert(1)</script>";
        let code = qr_svg(text).unwrap();
        let document = roxmltree::Document::parse(&code.svg).unwrap();
        let names: Vec<&str> = document.descendants().filter(|n| n.is_element()).map(|n| n.tag_name().name()).collect();
        assert_eq!(names, ["svg", "rect", "path"]);
        assert!(!code.svg.contains("script"));
        assert_eq!(qr_svg(text).unwrap(), code, "the same text gives the same picture");
        assert_ne!(qr_svg("https://example.org/?a").unwrap().svg, qr_svg("https://example.org/?b").unwrap().svg);
    }

    #[test]
    fn data_url_escapes_everything_markup_could_trip_on() {
        let url = qr_data_url("https://example.org/?place=ludlow#x").unwrap();
        let body = url.strip_prefix("data:image/svg+xml,").unwrap();
        for forbidden in ['<', '>', '"', '\'', '#', ' ', '&'] {
            assert!(!body.contains(forbidden), "{forbidden} left in {body}");
        }
        let decoded = percent_encoding::percent_decode_str(body).decode_utf8().unwrap();
        assert_eq!(decoded, qr_svg("https://example.org/?place=ludlow#x").unwrap().svg);
    }
}
