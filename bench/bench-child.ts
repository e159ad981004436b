/**
 * Talking to a bench child process (a server or a worker started with `fork`) over IPC, so that a
 * child that dies mid-run fails the run instead of leaving it waiting forever.
 */
import type { ChildProcess } from "node:child_process";

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** The child's next message after `message`; rejects when the child has exited or exits first. */
export function askChild<T>(child: ChildProcess, message: object): Promise<T> {
  return new Promise((resolve, reject) => {
    const exited = (code: number | null): void =>
      reject(
        new Error(
          `The bench child exited (${String(code ?? child.signalCode)}) before it answered.`,
        ),
      );
    if (hasExited(child)) {
      exited(child.exitCode);
      return;
    }
    child.once("exit", exited);
    child.once("message", (answer: T) => {
      child.off("exit", exited);
      resolve(answer);
    });
    child.send(message);
  });
}

/** Asks the child to exit and waits until it has; a child that already died is left as it is. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.send({ type: "exit" });
  await exited;
}
