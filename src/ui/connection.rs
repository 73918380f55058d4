//! The "Connect to Wolkvox" dialog: server number and token. The token is held in memory
//! for this session only and never shown back in full.

use eframe::egui;
use secrecy::SecretString;

use super::action::Action;
use crate::i18n::Lang;
use crate::wolkvox::ServerName;

/// The form of the "Connect to Wolkvox" dialog.
#[derive(Default)]
pub(crate) struct ConnectForm {
    pub server: String,
    pub token: String,
    pub error: Option<String>,
}

impl ConnectForm {
    /// A form for `server`, with an empty token.
    pub(crate) fn for_server(server: &str) -> ConnectForm {
        ConnectForm {
            server: server.to_string(),
            token: String::new(),
            error: None,
        }
    }
}

impl Drop for ConnectForm {
    fn drop(&mut self) {
        // Wipe the typed token when the dialog goes away.
        self.token.clear();
    }
}

/// The dialog, while `form` is open; closes it itself (`*form = None`) on Cancel, and
/// asks to connect when the server and token are well formed.
pub(crate) fn connect_dialog_ui(
    ctx: &egui::Context,
    lang: Lang,
    keychain_available: bool,
    form_slot: &mut Option<ConnectForm>,
) -> Option<Action> {
    let form = form_slot.as_mut()?;
    let t = lang.texts();
    let mut submit = false;
    let mut close = false;
    let modal = egui::Modal::new(egui::Id::unique("connect")).show(ctx, |ui| {
        ui.set_max_width(420.0);
        ui.heading(t.ui_connect_title);
        ui.add_space(4.0);
        ui.label(egui::RichText::new(t.ui_token_help).weak());
        ui.add_space(8.0);
        egui::Grid::new("connect-form")
            .num_columns(2)
            .show(ui, |ui| {
                let l = ui.label(t.ui_server);
                ui.add(
                    egui::TextEdit::singleline(&mut form.server)
                        .hint_text(t.ui_server_hint)
                        .desired_width(120.0),
                )
                .labelled_by(l.id);
                ui.end_row();
                let l = ui.label(t.ui_token);
                let r = ui
                    .add(
                        egui::TextEdit::singleline(&mut form.token)
                            .password(true)
                            .hint_text(t.ui_token_hint)
                            .desired_width(280.0),
                    )
                    .labelled_by(l.id);
                if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    submit = true;
                }
                ui.end_row();
            });
        let where_kept = if keychain_available {
            t.ui_token_kept_in_keychain
        } else {
            t.keychain_unavailable
        };
        ui.label(egui::RichText::new(where_kept).small().weak());
        if let Some(e) = &form.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui.button(t.ui_connect_ok).clicked() {
                submit = true;
            }
            if ui.button(t.ui_cancel).clicked() {
                close = true;
            }
        });
    });
    if modal.should_close() {
        close = true;
    }
    if close {
        *form_slot = None;
        return None;
    }
    if !submit {
        return None;
    }
    let token = form.token.trim().to_string();
    match ServerName::parse(&form.server) {
        Err(e) => form.error = Some(e.message(lang)),
        Ok(_) if token.is_empty() => form.error = Some(t.ui_token_empty.to_string()),
        Ok(server) => {
            form.token.clear();
            return Some(Action::Connect {
                server,
                token: SecretString::from(token),
            });
        }
    }
    None
}
