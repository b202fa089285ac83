// A multi-step quick input with Back, validation as you type, and prefilled answers. Prefilled answers go
// through the same input boxes and pickers (value set, validated, accepted), so commands invoked with
// arguments (and the end-to-end tests) exercise the very path a user clicks through.
import * as vscode from 'vscode';

export type Step = (flow: MultiStepInput) => Promise<Step | undefined>;

/** What a step's validator says: nothing, a refusal, or a warning that still lets the user go on. */
export type Verdict = string | { warning: string } | undefined;

class Back extends Error {}
export class Cancelled extends Error {
  constructor() {
    super('Cancelled');
  }
}
/** A prefilled answer that fails validation: there is no user to correct it. */
export class RefusedAnswer extends Error {}

export interface InputBoxOptions {
  key: string;
  prompt: string;
  placeholder?: string;
  value?: string;
  password?: boolean;
  validate(value: string): Verdict;
}

export interface PickOptions<T extends vscode.QuickPickItem> {
  key: string;
  placeholder: string;
  items: readonly T[];
  /** The item a prefilled answer names. */
  matches(item: T, answer: string): boolean;
  /** Items shown selected (multi-select) or active (single). */
  selected?: readonly T[];
  /** Multi-select pickers: called on every selection change; returns the selection to show instead. */
  adjustSelection?(selection: readonly T[]): readonly T[];
  /** Recomputes the items as the filter text changes (e.g. to offer a new id built from it). */
  itemsFor?(filter: string): readonly T[];
}

export class MultiStepInput {
  private readonly history: Step[] = [];
  private step = 0;

  private constructor(private readonly title: string, private readonly totalSteps: () => number, private readonly answers: Readonly<Record<string, unknown>>) {}

  /**
   * Runs the steps; resolves false when the user cancels. `stepsBefore`: steps of the same flow already
   * taken by the caller (one title and one count for the whole flow, not a second "(1/1)").
   */
  static async run(title: string, totalSteps: () => number, first: Step, answers: Readonly<Record<string, unknown>> = {}, stepsBefore = 0): Promise<boolean> {
    const flow = new MultiStepInput(title, () => totalSteps() + stepsBefore, answers);
    let next: Step | undefined = first;
    while (next) {
      // A step that sends the user back to an earlier one (a refusal fixable there) goes back, numbering included.
      const earlier = flow.history.indexOf(next);
      if (earlier >= 0) flow.history.length = earlier;
      flow.history.push(next);
      flow.step = flow.history.length + stepsBefore;
      try {
        next = await next(flow);
      } catch (error) {
        if (error instanceof Back) {
          flow.history.pop();
          next = flow.history.pop();
        } else if (error instanceof Cancelled) {
          return false;
        } else {
          throw error;
        }
      }
    }
    return true;
  }

  private answer(key: string): unknown {
    return this.answers[key];
  }

  inputBox(options: InputBoxOptions): Promise<string> {
    const box = vscode.window.createInputBox();
    box.title = this.title;
    box.step = this.step;
    box.totalSteps = this.totalSteps();
    box.prompt = options.prompt;
    box.placeholder = options.placeholder;
    box.value = options.value ?? '';
    box.password = !!options.password;
    box.ignoreFocusOut = true;
    box.buttons = this.step > 1 ? [vscode.QuickInputButtons.Back] : [];
    const show = (verdict: Verdict) => {
      box.validationMessage = typeof verdict === 'object' ? { message: verdict.warning, severity: vscode.InputBoxValidationSeverity.Warning } : verdict;
    };
    return this.drive(box, (resolve, reject) => {
      /** The value whose warning the user has seen: Enter on it goes on, Enter on an unseen warning shows it first. */
      let warnedAbout: string | undefined;
      const accept = (answered = false) => {
        const verdict = options.validate(box.value);
        if (typeof verdict === 'object' && !answered && warnedAbout !== box.value) {
          warnedAbout = box.value;
          show({ warning: `${verdict.warning} Press Enter again to go on.` });
          return false;
        }
        show(verdict);
        if (typeof verdict === 'string') return false;
        resolve(box.value);
        return true;
      };
      box.onDidChangeValue((value) => {
        const verdict = options.validate(value);
        show(verdict);
        warnedAbout = typeof verdict === 'object' ? value : undefined;
      });
      box.onDidAccept(() => accept());
      const prefilled = this.answer(options.key);
      if (prefilled !== undefined) {
        box.value = String(prefilled);
        if (!accept(true)) reject(new RefusedAnswer(`${options.key}: ${box.validationMessage as string}`));
      } else {
        // Nothing is judged before the user types: an empty optional field shows no warning yet; the first
        // Enter on it still stops on its warning, which the user then sees.
        if (box.value) show(options.validate(box.value));
      }
    });
  }

  pick<T extends vscode.QuickPickItem>(options: PickOptions<T>): Promise<T>;
  pick<T extends vscode.QuickPickItem>(options: PickOptions<T>, many: true): Promise<readonly T[]>;
  pick<T extends vscode.QuickPickItem>(options: PickOptions<T>, many = false): Promise<T | readonly T[]> {
    const picker = vscode.window.createQuickPick<T>();
    picker.title = this.title;
    picker.step = this.step;
    picker.totalSteps = this.totalSteps();
    picker.placeholder = options.placeholder;
    picker.canSelectMany = many;
    picker.matchOnDescription = true;
    picker.matchOnDetail = true;
    picker.ignoreFocusOut = true;
    picker.items = options.items;
    picker.buttons = this.step > 1 ? [vscode.QuickInputButtons.Back] : [];
    let selection: readonly T[] = options.selected ?? [];
    if (many) picker.selectedItems = selection;
    else if (selection.length > 0) picker.activeItems = selection;
    return this.drive(picker, (resolve, reject) => {
      let adjusting = false;
      picker.onDidChangeSelection((chosen) => {
        if (!many) {
          resolve(chosen[0]);
          return;
        }
        if (adjusting) return;
        selection = options.adjustSelection ? options.adjustSelection(chosen) : chosen;
        if (selection.length !== chosen.length) {
          adjusting = true;
          picker.selectedItems = selection;
          adjusting = false;
        }
      });
      if (options.itemsFor) {
        // The items are replaced as the filter changes; the workbench then forgets the ticks of items the new
        // filter hides, and the next tick would drop them. Ticked items stay listed under any filter.
        const shownAlways = new Set<T>();
        picker.onDidChangeValue((filter) => {
          const next = options.itemsFor!(filter);
          // The same items: nothing to tell the workbench (the filter is its own to apply).
          if (next.length === picker.items.length && next.every((item, i) => item === picker.items[i])) return;
          adjusting = true;
          for (const item of shownAlways) item.alwaysShow = false;
          shownAlways.clear();
          for (const item of next) {
            if (item.alwaysShow || !selection.some((s) => s.label === item.label)) continue;
            item.alwaysShow = true;
            shownAlways.add(item);
          }
          picker.items = next;
          picker.selectedItems = picker.items.filter((item) => selection.some((s) => s.label === item.label));
          adjusting = false;
        });
      }
      picker.onDidAccept(() => {
        if (many) resolve(selection);
        else if (picker.activeItems[0]) resolve(picker.activeItems[0]);
      });
      const prefilled = this.answer(options.key);
      if (prefilled === undefined) return;
      const wanted = (Array.isArray(prefilled) ? prefilled : [prefilled]).map(String);
      const found: T[] = [];
      for (const answer of wanted) {
        if (options.itemsFor) picker.items = options.itemsFor(answer);
        const item = picker.items.find((candidate) => options.matches(candidate, answer));
        if (!item) {
          reject(new RefusedAnswer(`${options.key}: nothing to pick matches "${answer}"`));
          return;
        }
        found.push(item);
      }
      if (many) {
        selection = options.adjustSelection ? options.adjustSelection(found) : found;
        // The unfiltered list, which still offers the new items just selected.
        if (options.itemsFor) picker.items = options.itemsFor('');
        picker.selectedItems = selection;
        resolve(selection);
      } else {
        resolve(found[0]);
      }
    });
  }

  /** Shows a quick input until the executor resolves, the user goes back, or the input is hidden. */
  private drive<R>(input: vscode.QuickInput & { onDidTriggerButton: vscode.Event<vscode.QuickInputButton> }, executor: (resolve: (value: R) => void, reject: (error: Error) => void) => void): Promise<R> {
    const disposables: vscode.Disposable[] = [];
    return new Promise<R>((resolve, reject) => {
      let settled = false;
      const settle = (action: () => void) => {
        if (settled) return;
        settled = true;
        action();
        input.hide();
      };
      disposables.push(
        input.onDidTriggerButton((button) => {
          if (button === vscode.QuickInputButtons.Back) settle(() => reject(new Back()));
        }),
        input.onDidHide(() => settle(() => reject(new Cancelled()))),
      );
      input.show();
      executor((value) => settle(() => resolve(value)), (error) => settle(() => reject(error)));
    }).finally(() => {
      disposables.forEach((d) => d.dispose());
      input.dispose();
    });
  }
}
