// extensionTestsPath for the packaged .vsix installed into code-server: it activates and answers.
import { runMocha } from './runMocha';

export function run(): Promise<void> {
  return runMocha(() => {
    require('./suite/packaged.test');
  });
}
