package dev.chirp.user;

import dev.chirp.shared.web.OperationDocs;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** user-service's calls as docs/03-api.md "Accounts and the social graph" states them (see OperationDocs). */
@Configuration(proxyBeanMethods = false)
class UserApiDocs {

    private static final String ACCOUNTS = "Accounts";
    private static final String GRAPH = "Social graph";

    @Bean
    OperationDocs userOperationDocs() {
        ObjectSchema following = new ObjectSchema();
        // named, so that a generated client calls it FollowState rather than "Follow200Response"
        following.title("FollowState");
        following.addProperty("following", new BooleanSchema());
        following.addRequiredItem("following");
        return new OperationDocs()
                .tag(ACCOUNTS, "Sign up, log in, profiles. A user is named by its ID or by @handle.")
                .tag(GRAPH, "Follow and unfollow, followers and following lists, suggestions of whom to follow.")
                .operation("signup", op -> op.id("signUp").tag(ACCOUNTS).summary("Create an account")
                        .description("Creates the account and answers with its first access token. Handle: 3..15 of "
                                + "[A-Za-z0-9_], unique ignoring case; e-mail unique; password 8..128 characters.")
                        .success(201, "The new user and an access token (token_type Bearer).", null, null)
                        .answer(400, "A field is missing or invalid (errors names it).")
                        .answer(409, "The handle or the e-mail is taken."))
                .operation("login", op -> op.id("logIn").tag(ACCOUNTS).summary("Log in")
                        .description("`login` is the handle or the e-mail. Any mismatch is the same 401, whether or not "
                                + "the account exists.")
                        .answer(400, "A field is missing.")
                        .answer(401, "Unknown login or wrong password."))
                .operation("me", op -> op.id("getMe").tag(ACCOUNTS).summary("Read your own profile")
                        .description("The caller's user, with `email`."))
                .operation("update", op -> op.id("updateMe").tag(ACCOUNTS).summary("Update your profile")
                        .description("Changes only the fields sent: display_name (at most 50), bio (160), location "
                                + "(30), avatar_media_id (an image the caller uploaded).")
                        .answer(400, "A field is too long, or the avatar is not the caller's upload."))
                .operation("user", op -> op.id("getUser").tag(ACCOUNTS).summary("Read a user")
                        .description("By ID or by @handle. `followed_by_me` is null for an anonymous reader.")
                        .answer(404, "No such user."))
                .operation("follow", op -> op.id("follow").tag(GRAPH).summary("Follow a user")
                        .description("Idempotent. The followee's recent tweets then appear in the home timeline.")
                        .success(200, "Now following.", "application/json", following)
                        .answer(400, "Following yourself.")
                        .answer(404, "No such user."))
                .operation("unfollow", op -> op.id("unfollow").tag(GRAPH).summary("Unfollow a user")
                        .description("Idempotent. The followee's tweets then leave the home timeline.")
                        .success(200, "No longer following.", "application/json", following)
                        .answer(404, "No such user."))
                .operation("followers", op -> op.id("listFollowers").tag(GRAPH).summary("List a user's followers")
                        .description("A page of users, most recent follow first.")
                        .answer(400, "A bad limit or cursor.")
                        .answer(404, "No such user."))
                .operation("following", op -> op.id("listFollowing").tag(GRAPH).summary("List whom a user follows")
                        .description("A page of users, most recent follow first.")
                        .answer(400, "A bad limit or cursor.")
                        .answer(404, "No such user."))
                .operation("suggestions", op -> op.id("suggestFollows").tag(GRAPH).summary("Suggest whom to follow")
                        .description("Up to `limit` (default 10) users the caller does not follow, never the caller: "
                                + "friends of friends first, then popular accounts.")
                        .answer(400, "A bad limit."));
    }
}
