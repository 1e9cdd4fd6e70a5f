//! "Check your own file": opens a data file from the reader's computer. The file is read in the
//! browser and never sent anywhere, which is why it is always allowed, whatever the site setting.

use leptos::prelude::*;
use web_sys::HtmlInputElement;

/// A labelled file input; hands the chosen file to `on_file`.
#[component]
pub fn FilePicker(
    /// Called with the file the reader chose.
    on_file: Callback<web_sys::File>,
) -> impl IntoView {
    let on_change = move |event: leptos::ev::Event| {
        let input = event_target::<HtmlInputElement>(&event);
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            on_file.run(file);
        }
        // Cleared, so choosing the same file again after editing it reads it again.
        input.set_value("");
    };
    view! {
        <section class="file-picker" data-testid="file-picker">
            <label class="file-picker__label" for="file-picker-input">"Check your own file"</label>
            <p class="file-picker__hint" id="file-picker-hint">
                "Open a Whole Place data file (JSON) from your computer to see its figures and any problems in it. \
                 It is read in your browser and never sent anywhere."
            </p>
            <input
                id="file-picker-input"
                class="file-picker__input"
                type="file"
                accept=".json,application/json"
                aria-describedby="file-picker-hint"
                data-testid="file-picker-input"
                on:change=on_change
            />
        </section>
    }
}
