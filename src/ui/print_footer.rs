//! The footer only paper has (hidden on screen, style/print.css): the view's full address as
//! text and as a QR code (`domain::qr`), the data's title, publisher, status and licence, and
//! the date it was printed. The shell reads the clock when the page opens and again on
//! `beforeprint`; the domain writes the date in words (`domain::print`).

use crate::domain::export;
use crate::domain::format;
use crate::domain::model::{Dataset, Status};
use crate::domain::print::print_date;
use crate::domain::qr;
use crate::domain::source::{Provenance, StatusBadge};
use crate::ui::browser::page_address;
use crate::ui::nav::{UrlContext, href};
use leptos::prelude::*;
use std::sync::Arc;

/// Today's date in the reader's time zone, in words ("30 November 2026"): what a printout says
/// it was printed on. The only place the print views read the clock.
fn today_in_words() -> String {
    let now = js_sys::Date::new_0();
    // `getMonth` counts from 0; the calendar values always fit (a year in i32, day and month in u8).
    let (year, month, day) = (now.get_full_year() as i32, now.get_month() as u8 + 1, now.get_date() as u8);
    print_date(year, month, day).unwrap_or_default()
}

/// The print date, read when the page opens and again on every `beforeprint`, so a page left
/// open overnight prints today's date. The listener goes with the component.
pub fn use_print_date() -> ReadSignal<String> {
    let (date, set_date) = signal(today_in_words());
    let listener = window_event_listener_untyped("beforeprint", move |_| set_date.set(today_in_words()));
    on_cleanup(move || listener.remove());
    date
}

/// The address a printout's QR code holds: `None` until the page is first printed, then the
/// address as it was at the last `beforeprint`. A code costs milliseconds to make and a large
/// `data:` image to draw, so pages that print it only (the footer, a scenario) make it when
/// printing starts, not on every click. The listener goes with the component.
pub fn use_address_when_printed(address: impl Fn() -> String + 'static) -> ReadSignal<Option<String>> {
    let (printed, set_printed) = signal(None);
    let listener = window_event_listener_untyped("beforeprint", move |_| set_printed.set(Some(address())));
    on_cleanup(move || listener.remove());
    printed
}

/// A QR code of `address` as an `<img>` (a `data:` SVG), with the address as its alt text; when
/// the address is too long for a code, the reason in words instead.
#[component]
pub fn QrImage(
    /// What the code holds: an absolute address.
    address: String,
    /// What scanning it opens, for the alt text, e.g. "this view".
    what: &'static str,
    /// The class for the image (sizes it).
    class: &'static str,
) -> impl IntoView {
    match qr::qr_data_url(&address) {
        Ok(source) => view! {
            <img class=class src=source alt=format!("QR code that opens {what}: {address}") data-testid="qr-code" />
        }
        .into_any(),
        Err(error) => view! { <p class="print-footer__no-qr">{error.message()}</p> }.into_any(),
    }
}

/// The printed footer of the explorer's view.
#[component]
pub fn PrintFooter(
    /// The dataset, for its title, publisher and licence.
    dataset: Arc<Dataset>,
    /// Whose file it is: a reader's own file has no address to print.
    provenance: Provenance,
    /// The status badge (`source::status_badge`), so a printout never reads as more official
    /// than the screen.
    badge: StatusBadge,
) -> impl IntoView {
    let context = expect_context::<UrlContext>();
    let date = use_print_date();
    let metadata = &dataset.metadata;
    let made_up = metadata.status == Status::Illustrative;
    let local_file = matches!(provenance, Provenance::LocalFile(_));
    // The view's canonical address (names the data, year and slice), absolute.
    let address = Memo::new(move |_| format!("{}{}", page_address(), href(&context, context.query.get())));
    let address_line = {
        let provenance = provenance.clone();
        move || export::view_line(&provenance, &address.get())
    };
    let printed = use_address_when_printed(move || address.get_untracked());
    let code = move || {
        printed
            .get()
            .filter(|_| !local_file)
            .map(|printed| view! { <QrImage address=printed what="this view" class="print-footer__qr" /> })
    };
    let data_line = format!(
        "Data: {}{}.",
        format::isolate(&metadata.title),
        metadata.publisher.as_ref().map(|p| format!(", published by {}", format::isolate(p))).unwrap_or_default()
    );
    let licence = metadata.licence.as_ref().map(|l| format!("Licence: {}.", l.name));
    let attribution = format::licence_attribution(metadata);
    view! {
        <footer class="print-footer" data-testid="print-footer">
            <div class="print-footer__text">
                {made_up.then_some(view! { <p class="print-footer__made-up">"MADE-UP FIGURES: not real spending."</p> })}
                <p class="print-footer__address">"This view: " <span data-testid="print-address">{address_line}</span></p>
                <p>{data_line}</p>
                <p>"Status: " {badge.label} "."</p>
                {licence.map(|l| view! { <p>{l} " " {attribution}</p> })}
                <p data-testid="print-date">"Printed on " {move || date.get()} "."</p>
            </div>
            {code}
        </footer>
    }
}
