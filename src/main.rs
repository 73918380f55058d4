//! The `wolkvox-ivr` program: the window without a command, else a command-line command.

// A double-clicked app on Windows opens no console window; commands reattach to the
// console they were typed in (see `attach_console`).
#![cfg_attr(
    all(windows, feature = "gui", not(debug_assertions)),
    windows_subsystem = "windows"
)]

use wolkvox_ivr::{cli, crash, logging, settings::Settings};

fn main() {
    #[cfg(feature = "gui")]
    wolkvox_ivr::ui::app::mark_start();
    if std::env::args_os().len() > 1 {
        attach_console();
    }
    let _log = logging::init();
    if let Some(dir) = logging::log_dir() {
        crash::install(dir);
    }
    let (settings, warning) = Settings::load();
    let args: Vec<_> = std::env::args_os().collect();
    let code = match cli::parse(args, &settings) {
        cli::Parsed::Exit(code) => code,
        cli::Parsed::Run(command) => {
            let lang = cli::choose_lang(command.lang, &settings);
            if let Some(w) = &warning {
                eprintln!("{}: {}", lang.texts().warning_prefix, w.message(lang));
            }
            if command.command.is_none() {
                window(command.demo, lang, settings)
            } else {
                cli::run(*command, &settings)
            }
        }
    };
    drop(_log);
    std::process::exit(code);
}

#[cfg(feature = "gui")]
fn window(demo: bool, lang: wolkvox_ivr::i18n::Lang, settings: Settings) -> i32 {
    use wolkvox_ivr::ui::{StartMode, run};
    let mode = if demo {
        StartMode::Demo
    } else {
        StartMode::Auto
    };
    match run(mode, lang, settings) {
        Ok(()) => 0,
        Err(e) => {
            tracing::error!("the window could not open: {e}");
            eprintln!("{}: {e}", lang.texts().error_prefix);
            1
        }
    }
}

#[cfg(not(feature = "gui"))]
fn window(_demo: bool, _lang: wolkvox_ivr::i18n::Lang, settings: Settings) -> i32 {
    use clap::CommandFactory;
    // Built without the window: show what the command line can do.
    let _ = settings;
    let _ = wolkvox_ivr::cli::Cli::command().print_help();
    0
}

#[cfg(windows)]
fn attach_console() {
    use windows_sys::Win32::System::Console::{ATTACH_PARENT_PROCESS, AttachConsole};
    // SAFETY: AttachConsole takes a process id and has no other preconditions; failing
    // (no parent console, e.g. started from Explorer) leaves the process as it was.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}

#[cfg(not(windows))]
fn attach_console() {}
