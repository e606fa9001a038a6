import type { FullResult, Reporter, TestCase, TestResult } from "@playwright/test/reporter";

/**
 * CI keeps only the end of a run's output. This prints, last of all, each failed test with the
 * first lines of its error and where it stopped, so the cause survives the cut.
 */
export default class LastWords implements Reporter {
  private failures: { test: TestCase; result: TestResult }[] = [];

  onTestEnd(test: TestCase, result: TestResult) {
    if (test.outcome() === "unexpected") this.failures.push({ test, result });
  }

  onEnd(result: FullResult) {
    if (this.failures.length === 0) return;
    console.log(`\n=== ${this.failures.length} failed (${result.status})`);
    for (const { test, result: run } of this.failures) {
      console.log(`\n${test.location.file.split("/").slice(-2).join("/")}:${test.location.line} ${test.title} [${run.status}, ${(run.duration / 1000).toFixed(1)} s]`);
      for (const error of run.errors) {
        const message = (error.message ?? error.value ?? "").replace(/\u001b\[[0-9;]*m/g, "").split("\n").filter((line) => line.trim()).slice(0, 12);
        console.log(message.map((line) => `  ${line}`).join("\n"));
        if (error.location) console.log(`  at ${error.location.file.split("/").slice(-2).join("/")}:${error.location.line}`);
      }
    }
  }

  printsToStdio() {
    return false;
  }
}
