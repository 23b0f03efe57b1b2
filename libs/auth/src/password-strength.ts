import type { ZxcvbnFactory } from "@zxcvbn-ts/core";

/**
 * How hard a new password is to guess, offline, with the same rule in the browser and on the server.
 *
 * zxcvbn estimates the guesses an attacker needs, knowing the most common breached passwords,
 * keyboard walks, repeats, sequences and dates. Score 3 means about 10^8 guesses or more — out of
 * reach of online guessing, and slow offline against our password hashes. Only the
 * language-neutral dictionaries are used (about 460 kB, 235 kB compressed): the English word lists would add 1.2 MB
 * for little once 10 characters are required.
 */
export const MIN_PASSWORD_SCORE = 3;

/** What to tell the person, by zxcvbn's warning key: why the password is guessable. */
const WARNINGS: Record<string, string> = {
  straightRow: "Straight rows of keys are easy to guess.",
  keyPattern: "Short keyboard patterns are easy to guess.",
  simpleRepeat: 'Repeated characters like "aaa" are easy to guess.',
  extendedRepeat: 'Repeated patterns like "abcabcabc" are easy to guess.',
  sequences: 'Sequences like "abc" or "123" are easy to guess.',
  recentYears: "Recent years are easy to guess.",
  dates: "Dates are easy to guess.",
  topTen: "This is one of the most used passwords.",
  topHundred: "This is a very common password.",
  common: "This is a commonly used password.",
  similarToCommon: "This is similar to a commonly used password.",
  wordByItself: "Single words are easy to guess.",
};
const ADVICE = "Add a few words that are less common.";

let estimator: ZxcvbnFactory | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads the estimator and its dictionaries, once. Apart from the rest of the auth code so that
 * only pages with a new-password field fetch them, and only when the field appears; the server
 * loads them before it checks a body (see validate-input.ts).
 */
export function loadPasswordEstimator(): Promise<void> {
  loading ??= Promise.all([import("@zxcvbn-ts/core"), import("@zxcvbn-ts/language-common")]).then(([core, common]) => {
    estimator = new core.ZxcvbnFactory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs });
  });
  return loading;
}

/**
 * Why this password is too easy to guess, as one sentence for the form — or null when it is fine.
 * Null too while the estimator is not loaded yet (a browser still fetching it): the server, which
 * always loads it first, then answers with the same sentence.
 */
export function passwordWeakness(password: string): string | null {
  if (!estimator) return null;
  const result = estimator.check(password);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const why = (result.feedback.warning && WARNINGS[result.feedback.warning]) || "This password is easy to guess.";
  return `${why} ${ADVICE}`;
}

/**
 * The parts of a person's details worth refusing inside a password: the address, its local part,
 * each name — of 4 characters or more, so that "Ann" does not rule out "annual report".
 */
function personalWords(details: { email?: string | null; name?: string | null }): string[] {
  const email = details.email?.trim().toLowerCase() ?? "";
  const words = [email, email.split("@")[0] ?? "", ...(details.name ?? "").toLowerCase().split(/\s+/)];
  return [...new Set(words.filter((word) => word.length >= 4))];
}

/**
 * Why a password holding the person's own details must not be used, or null. Refused outright,
 * whatever else the password holds: whoever targets the person knows these first.
 */
export function personalPasswordWeakness(password: string, details: { email?: string | null; name?: string | null }): string | null {
  const lower = password.toLowerCase();
  return personalWords(details).some((word) => lower.includes(word)) ? "Don't use your name or email address in your password." : null;
}
