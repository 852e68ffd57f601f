package dev.chirp.fixtureone;

import dev.chirp.fixturetwo.Other;

/** Breaks the boundary rule: a class of one module holding a class of another. */
class UsesAnotherModule {

    Other other;
}
