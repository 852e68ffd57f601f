package dev.chirp.fixtureone;

import org.springframework.web.bind.annotation.RestController;

@RestController
class PingController {

    String ping() {
        return "pong";
    }
}
