//! What a panel asks for. Panels only read the workspace and their own state; what they
//! want changed comes back as actions, applied in one place after the frame is drawn.

use std::path::PathBuf;

use secrecy::SecretString;

use crate::export::Format;
use crate::i18n::Lang;
use crate::report::{Field, RowSubset, ViewSpec};
use crate::wolkvox::ServerName;

/// Which file question a dialog answers.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum FileAction {
    /// "Open report…".
    Open,
    /// "Save report…".
    Save,
    /// "Export…" in a format.
    Export(Format),
    /// "Share report…": the report page.
    Page,
}

impl FileAction {
    /// The file name extension the dialog offers.
    pub(crate) fn extension(self) -> &'static str {
        match self {
            FileAction::Open | FileAction::Save => "json",
            FileAction::Export(f) => f.extension(),
            FileAction::Page => "html",
        }
    }
}

/// One change a panel asks for.
pub(crate) enum Action {
    /// Load the query's range.
    Load,
    /// Cancel the running fetch.
    Cancel,
    /// Fetch what is new now.
    Refresh,
    /// Fetch the ranges that failed.
    RetryMissing,
    /// Live tracking on or off.
    SetLive(bool),
    /// Send one request to check server and token.
    TestConnection,
    /// Filter and sort like this.
    SetSpec(ViewSpec),
    /// Move the long-IVR threshold.
    SetThreshold(u32),
    /// Sort by this column (again: the other way).
    ToggleSort(Field),
    /// Show only this routing point's calls (again: all).
    ToggleRoutingPoint(String),
    /// Load the dates that cover both periods and keep comparing exactly these two.
    LoadPeriods {
        /// Period A.
        a: crate::report::Period,
        /// Period B.
        b: crate::report::Period,
    },
    /// Compare the loaded range before this date with from it on, in the compare view.
    CompareAround(jiff::civil::Date),
    /// Show only these rows in the calls table (a part of the paths picked).
    PickRows(RowSubset),
    /// Select this call (or none).
    Select(Option<u32>),
    /// Select this call and scroll the table to it (a point picked on a chart).
    Pick(u32),
    /// Close message `i`.
    DismissNotice(usize),
    /// Open the "Connect to Wolkvox" dialog.
    OpenConnect,
    /// Connect with the typed server and token.
    Connect {
        /// The server.
        server: ServerName,
        /// The token.
        token: SecretString,
    },
    /// Delete the connected server's token from this computer.
    ForgetToken,
    /// Open the settings dialog.
    OpenSettings,
    /// Close the settings dialog and save the preferences.
    CloseSettings,
    /// Interface language (None: the computer's).
    SetLanguage(Option<Lang>),
    /// The operation's time zone (None: the computer's).
    SetTimeZone(Option<String>),
    /// Theme name (None: the computer's).
    SetTheme(Option<String>),
    /// Folder the dialogs start in.
    SetReportsFolder(Option<PathBuf>),
    /// Remember the chosen date preset.
    RememberPreset(&'static str),
    /// Ask the user for a file.
    AskFile(FileAction),
    /// The user chose this file.
    FileChosen(FileAction, PathBuf),
    /// Connect with a token found in the keychain, unless connected meanwhile.
    ConnectSaved {
        /// The server.
        server: ServerName,
        /// The token.
        token: SecretString,
    },
    /// Start on demo data, unless connected meanwhile.
    StartDemo,
    /// Stop the running export.
    CancelExport,
    /// Open the file, or show it in its folder.
    Reveal {
        /// The file.
        path: PathBuf,
        /// Show its folder instead.
        in_folder: bool,
    },
    /// "Share report…": ask where to write the view's report page.
    ShareReport,
    /// Load the query's range again, all of it from Wolkvox, replacing what is stored.
    Refetch,
    /// Reopen the range loaded before the window last closed, from this computer.
    ReopenLast,
    /// Forget the offer to reopen the last range.
    DismissReopen,
    /// Keep stored calls this many months (0: always).
    SetRetention(u32),
    /// Delete every stored call from this computer.
    DeleteHistory,
    /// Keep the history in this shared database (`None`: on this computer), its password
    /// (when typed) in the keychain.
    SetSharedStore {
        /// The database.
        target: Option<crate::store::PgTarget>,
        /// The password typed, if any.
        password: Option<SecretString>,
    },
}
