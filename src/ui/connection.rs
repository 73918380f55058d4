//! The "Connect to Wolkvox" dialog: server number and token. The token is held in memory
//! for this session only and never shown back in full.

use eframe::egui;
use secrecy::SecretString;

use super::app::{ConnectForm, WolkvoxApp};
use crate::wolkvox::{Endpoint, ServerName};

impl WolkvoxApp {
    pub(crate) fn open_connect_dialog(&mut self) {
        self.connect = Some(ConnectForm {
            server: self.query.server.clone(),
            token: String::new(),
            error: None,
        });
    }

    pub(crate) fn connect_dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(form) = self.connect.as_mut() else {
            return;
        };
        let t = self.lang.texts();
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
            let where_kept = match &self.keychain {
                Some(k) if !k.is_available() => t.keychain_unavailable,
                _ => t.ui_token_kept_in_keychain,
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
        if submit {
            let server = ServerName::parse(&form.server);
            let token = form.token.trim().to_string();
            match server {
                Err(e) => form.error = Some(e.message(self.lang)),
                Ok(_) if token.is_empty() => form.error = Some(t.ui_token_empty.to_string()),
                Ok(server) => {
                    form.token.clear();
                    let token = SecretString::from(token);
                    let result = self.connect_to(server, Endpoint::Wolkvox(server), token.clone());
                    match result {
                        Ok(()) => {
                            self.connect = None;
                            self.remember_token(server, &token);
                            return;
                        }
                        Err(e) => {
                            if let Some(form) = self.connect.as_mut() {
                                form.error = Some(e.message(self.lang));
                            }
                        }
                    }
                }
            }
        }
        if close {
            if let Some(form) = self.connect.as_mut() {
                // Wipe the typed token before dropping the form.
                form.token.clear();
            }
            self.connect = None;
        }
    }
}
