package dev.chirp.fixtureone;

/** Breaks the naming rule. */
class SessionHelper {
}
