//! On Windows, embeds the icon and version information in the executable, so Explorer and
//! the taskbar show them. Elsewhere there is nothing to do.

fn main() {
    println!("cargo:rerun-if-changed=assets/icons/wolkvox-ivr.ico");
    #[cfg(windows)]
    {
        if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows") {
            let mut res = winresource::WindowsResource::new();
            res.set_icon("assets/icons/wolkvox-ivr.ico");
            res.set("ProductName", "Wolkvox IVR");
            res.set("FileDescription", "Wolkvox IVR vs. transferred to agent");
            if let Err(e) = res.compile() {
                println!("cargo:warning=the icon could not be embedded: {e}");
            }
        }
    }
}
