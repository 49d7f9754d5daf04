from taggit.forms import TagWidget


class TagSuggestWidget(TagWidget):
    """Taggit's comma-separated input, plus suggestions of existing tags as the editor types.

    For someone who may not add tags, `ask_editors` (a mailto: address of those who may, or
    "" when none has an address) goes with a notice naming the new tags typed, shown as they
    are typed rather than when the form is saved."""

    template_name = "admin/articles/tag_suggest_widget.html"

    class Media:
        js = ["newsroom/tag-suggest.js"]

    def __init__(self, *args, suggest_url: str, ask_editors: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggest_url = suggest_url
        self.ask_editors = ask_editors

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-suggest-url"] = self.suggest_url
        context["widget"]["attrs"]["list"] = f"{context['widget']['attrs']['id']}-suggestions"
        context["widget"]["attrs"]["autocomplete"] = "off"
        context["widget"]["ask_editors"] = self.ask_editors
        return context
