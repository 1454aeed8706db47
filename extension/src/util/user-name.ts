import { userInfo } from "node:os";

/** This machine's user name, the author of edits when the setting names none. */
export function localUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}
