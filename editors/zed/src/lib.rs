//! Zed extension of Magento Integration Kit: starts the language server of the npm package
//! `magento-integration-kit` (`dist/server.js --stdio`) for Magento's XML and PHP files. A
//! `magento-integration-kit-language-server` on the worktree's PATH (a global or project npm install) is used
//! as it is; otherwise the package is installed into the extension's folder with Zed's own Node.js.
//! Settings: `lsp.magento-integration-kit.settings` in Zed's settings.json is the `magentoIntegrationKit`
//! section the server reads (diagnostics.severity, diagnostics.workspace, diagnostics.sinceCommit, exclude).
use std::{env, fs};

use zed_extension_api::settings::LspSettings;
use zed_extension_api::{self as zed, serde_json, LanguageServerId, Result};

/// The npm package that carries the language server.
const PACKAGE_NAME: &str = "magento-integration-kit";
/// Its server, as the package installs it (package.json "files" ships it; a test checks both).
const SERVER_PATH: &str = "node_modules/magento-integration-kit/dist/server.js";
/// The package's bin for the server, when the user installed the package.
const SERVER_BIN: &str = "magento-integration-kit-language-server";
/// The settings section the server asks for with workspace/configuration.
const SETTINGS_SECTION: &str = "magentoIntegrationKit";

struct MagentoIntegrationKit {
    installed: bool,
}

impl MagentoIntegrationKit {
    fn server_exists() -> bool {
        fs::metadata(SERVER_PATH).map_or(false, |stat| stat.is_file())
    }

    /// The server script inside the extension's folder, installed or updated from npm when needed.
    fn server_script(&mut self, id: &LanguageServerId) -> Result<String> {
        if self.installed && Self::server_exists() {
            return Ok(SERVER_PATH.to_string());
        }
        zed::set_language_server_installation_status(id, &zed::LanguageServerInstallationStatus::CheckingForUpdate);
        let latest = zed::npm_package_latest_version(PACKAGE_NAME)?;
        if !Self::server_exists() || zed::npm_package_installed_version(PACKAGE_NAME)?.as_ref() != Some(&latest) {
            zed::set_language_server_installation_status(id, &zed::LanguageServerInstallationStatus::Downloading);
            // A failed update keeps the server already there.
            if let Err(error) = zed::npm_install_package(PACKAGE_NAME, &latest) {
                if !Self::server_exists() {
                    return Err(error);
                }
            }
            if !Self::server_exists() {
                return Err(format!("the npm package {PACKAGE_NAME} {latest} has no {SERVER_PATH}"));
            }
        }
        self.installed = true;
        Ok(SERVER_PATH.to_string())
    }
}

impl zed::Extension for MagentoIntegrationKit {
    fn new() -> Self {
        Self { installed: false }
    }

    fn language_server_command(&mut self, id: &LanguageServerId, worktree: &zed::Worktree) -> Result<zed::Command> {
        if let Some(path) = worktree.which(SERVER_BIN) {
            return Ok(zed::Command { command: path, args: vec!["--stdio".to_string()], env: Default::default() });
        }
        let script = self.server_script(id)?;
        let absolute = env::current_dir().map_err(|e| e.to_string())?.join(script);
        Ok(zed::Command {
            command: zed::node_binary_path()?,
            args: vec![absolute.to_string_lossy().to_string(), "--stdio".to_string()],
            env: Default::default(),
        })
    }

    fn language_server_workspace_configuration(&mut self, id: &LanguageServerId, worktree: &zed::Worktree) -> Result<Option<serde_json::Value>> {
        let settings = LspSettings::for_worktree(id.as_ref(), worktree).ok().and_then(|s| s.settings).unwrap_or_default();
        Ok(Some(serde_json::json!({ SETTINGS_SECTION: settings })))
    }
}

zed::register_extension!(MagentoIntegrationKit);
