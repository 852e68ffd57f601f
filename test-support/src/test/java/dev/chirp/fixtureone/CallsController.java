package dev.chirp.fixtureone;

/** Breaks the controller rule: a class other than the controller calls it. */
class CallsController {

    String call(PingController controller) {
        return controller.ping();
    }
}
