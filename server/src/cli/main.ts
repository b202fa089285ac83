// The magento-integration-kit command (dist/cli.js). Exit codes: 0 ok, 1 errors found or flow failed, 2 bad usage.
import packageJson from '../../../package.json';

const USAGE = `Usage: magento-integration-kit <command> [options]

Tools for Magento 2 / Adobe Commerce integration modules.

Options:
  --help       Show this help.
  --version    Print the version.

The language server runs on its own as: node dist/server.js --stdio
`;

export function run(argv: string[], out: (text: string) => void, err: (text: string) => void): number {
  const [first] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    out(USAGE);
    return 0;
  }
  if (first === '--version' || first === '-v') {
    out(`${packageJson.version}\n`);
    return 0;
  }
  err(`magento-integration-kit: unknown command or option "${first}"; see --help.\n`);
  return 2;
}

if (require.main === module) {
  process.exitCode = run(process.argv.slice(2), (t) => process.stdout.write(t), (t) => process.stderr.write(t));
}
