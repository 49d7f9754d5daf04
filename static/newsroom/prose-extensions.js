// Extensions of the story editor (django-prose-editor loads this module: see
// DJANGO_PROSE_EDITOR_EXTENSIONS in newsroom/settings.py).
import { Extension, Plugin } from "django-prose-editor/editor";

// Enter at the end of bold text would carry bold into the next paragraph (Tiptap keeps the
// marks when it splits a block). A paragraph just made empty by a split starts plain.
export const FreshParagraph = Extension.create({
  name: "freshParagraph",
  addProseMirrorPlugins() {
    return [
      new Plugin({
        appendTransaction(transactions, oldState, newState) {
          const { selection, storedMarks } = newState;
          if (!storedMarks || !storedMarks.length || !selection.empty) return null;
          if (!transactions.some((tr) => tr.docChanged)) return null;
          const { $from } = selection;
          if ($from.parent.content.size !== 0 || $from.sameParent(oldState.selection.$from)) return null;
          return newState.tr.setStoredMarks([]);
        },
      }),
    ];
  },
});
