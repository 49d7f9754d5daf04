from taggit.forms import TagWidget


class TagSuggestWidget(TagWidget):
    """Taggit's comma-separated input, plus suggestions of existing tags as the editor types."""

    template_name = "admin/articles/tag_suggest_widget.html"

    class Media:
        js = ["newsroom/tag-suggest.js"]

    def __init__(self, *args, suggest_url: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggest_url = suggest_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-suggest-url"] = self.suggest_url
        context["widget"]["attrs"]["list"] = f"{context['widget']['attrs']['id']}-suggestions"
        context["widget"]["attrs"]["autocomplete"] = "off"
        return context
