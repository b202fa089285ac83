// The editor session's state that `initialize` and later events set: the client's capabilities, the
// workspace folders and the settings. One object, handed to the modules that need it, instead of lets.
import { InitializeParams } from 'vscode-languageserver';
import { NO_CAPABILITIES, readCapabilities, SessionCapabilities } from './capabilities';
import { ConfigurationReader, SessionSettings } from './settings';

export class Session {
  capabilities: SessionCapabilities = NO_CAPABILITIES;
  /** The client's folders at initialize, then as it adds and removes them. */
  folders: readonly string[] = [];
  settings = new SessionSettings();

  /** At `initialize`: the capabilities, once; the settings pulled where the client answers configuration requests. */
  start(params: InitializeParams, pull: ConfigurationReader): void {
    this.capabilities = readCapabilities(params);
    this.folders = this.capabilities.folders;
    this.settings = new SessionSettings(this.capabilities.configuration ? pull : undefined);
  }
}
