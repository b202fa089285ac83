// The server outside VS Code: Neovim's built-in LSP client (Debian's neovim 0.7.2), headless.
import { assertNeovimSaw, driveNeovim } from './neovim';

describe('the server driven by Neovim', function () {
  this.timeout(60000);

  it('shows completion items and published diagnostics for a fixture file', () => {
    assertNeovimSaw(driveNeovim());
  });
});
