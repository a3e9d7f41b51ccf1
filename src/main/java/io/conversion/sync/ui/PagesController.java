package io.conversion.sync.ui;

import io.conversion.sync.fields.SyncMode;
import io.conversion.sync.settings.SyncSettingsService;
import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The operator pages (server-rendered shells; their live parts call the JSON API with the login session and the CSRF
 * header). Each page gets the user and its nav entry; Settings → Syncing also gets the current settings, so it shows
 * the truth at first paint, and Fields the sync modes.
 */
@Controller
class PagesController {

    private final SyncSettingsService settings;

    PagesController(SyncSettingsService settings) {
        this.settings = settings;
    }

    @GetMapping("/")
    String root() {
        return "redirect:/settings/syncing";
    }

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/settings/syncing")
    String syncing(Model model, Principal user) {
        model.addAttribute("settings", settings.get());
        return page(model, user, "syncing");
    }

    @GetMapping("/dashboard")
    String dashboard(Model model, Principal user) {
        return page(model, user, "dashboard");
    }

    /** The five modes and their one-line meaning come from {@link SyncMode}, the same text the API's errors use. */
    @GetMapping("/fields")
    String fields(Model model, Principal user) {
        model.addAttribute("modes", SyncMode.values());
        return page(model, user, "fields");
    }

    @GetMapping("/activity")
    String activity(Model model, Principal user) {
        return page(model, user, "activity");
    }

    private static String page(Model model, Principal user, String name) {
        model.addAttribute("page", name);
        model.addAttribute("user", user.getName());
        return name;
    }
}
