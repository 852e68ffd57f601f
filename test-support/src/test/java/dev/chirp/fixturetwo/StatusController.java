package dev.chirp.fixturetwo;

import org.springframework.web.bind.annotation.RestController;

/** Keeps the controller rule: only its own nested record uses it. */
@RestController
class StatusController {

    record Status(String text) {

        static Status of(StatusController controller) {
            return new Status(controller.toString());
        }
    }
}
