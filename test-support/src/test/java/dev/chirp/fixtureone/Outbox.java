package dev.chirp.fixtureone;

/** Breaks the unique-name rule: chirp-shared declares an Outbox. */
class Outbox {
}
