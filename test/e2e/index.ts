// extensionTestsPath for the development folder: the whole e2e suite.
import { runMocha } from './runMocha';

export function run(): Promise<void> {
  return runMocha(() => {
    require('./suite/language.test');
    require('./suite/scaffold.test');
    require('./suite/tester.test');
    require('./suite/views.test');
  });
}
