import { useNavigation } from "@remix-run/react";
import { useEffect } from "react";

/**
 * A form that is being posted cannot be posted again until the answer has come: a double click
 * on "Hold", "Pay" or "Cancel" sends one request, and the clicked button shows that it is busy
 * (aria-busy). GET forms (filters) are left alone; without JavaScript the browser's own page load
 * does the same job.
 */
export function useSubmitGuard() {
  const navigation = useNavigation();
  useEffect(() => {
    const onSubmit = (event: SubmitEvent) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") return;
      if (form.dataset.busy === "true") {
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
      form.dataset.busy = "true";
      event.submitter?.setAttribute("aria-busy", "true");
    };
    // Capture, so that a second submit is stopped before Remix's own handler sees it.
    document.addEventListener("submit", onSubmit, true);
    return () => document.removeEventListener("submit", onSubmit, true);
  }, []);
  useEffect(() => {
    if (navigation.state !== "idle") return;
    for (const form of document.querySelectorAll<HTMLFormElement>("form[data-busy]")) {
      delete form.dataset.busy;
      for (const button of form.querySelectorAll("[aria-busy]")) button.removeAttribute("aria-busy");
    }
  }, [navigation.state]);
}
