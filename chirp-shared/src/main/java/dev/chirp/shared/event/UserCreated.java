package dev.chirp.shared.event;

public record UserCreated(UserSnapshot user) implements ChirpEvent {

    public static final String TYPE = "UserCreated";

    @Override
    public Topic topic() {
        return Topic.USERS;
    }

    @Override
    public String key() {
        return Long.toString(user.id());
    }
}
