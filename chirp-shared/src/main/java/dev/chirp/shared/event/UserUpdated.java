package dev.chirp.shared.event;

public record UserUpdated(UserSnapshot user) implements ChirpEvent {

    public static final String TYPE = "UserUpdated";

    @Override
    public Topic topic() {
        return Topic.USERS;
    }

    @Override
    public String key() {
        return Long.toString(user.id());
    }
}
