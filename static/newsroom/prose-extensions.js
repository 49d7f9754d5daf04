// Extensions of the story editor (django-prose-editor loads this module: see
// DJANGO_PROSE_EDITOR_EXTENSIONS in newsroom/settings.py).
import { Extension, Node, Plugin } from "django-prose-editor/editor";

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

// READ MORE links and embeds placed where the cursor is. The body stores an empty figure that
// names the link's target story or the embed's page (articles/richtext.py PLACE); the rows in
// the form's READ MORE and embed tables say the rest, and the page draws them.
const formRows = {
  // [value, text] of each row of the form's READ MORE table with a target chosen.
  "read-more": () =>
    [...document.querySelectorAll('select[name^="read_more_links-"][name$="-target"]')]
      .filter((select) => select.value && !rowDeleted(select))
      .map((select) => [select.value, select.selectedOptions[0].textContent.trim()]),
  // [value, text] of each embed row with a page address.
  embed: () =>
    [...document.querySelectorAll('input[name^="embeds-"][name$="-url"]')]
      .filter((input) => input.value && !rowDeleted(input))
      .map((input) => {
        const title = document.querySelector(`[name="${input.name.replace(/-url$/, "-title")}"]`);
        return [input.value, (title && title.value) || input.value];
      }),
};

function rowDeleted(field) {
  const remove = field.closest("tr, .inline-related")?.querySelector('input[name$="-DELETE"]');
  return Boolean(remove && remove.checked);
}

// A modal list of the rows to choose from; resolves to the chosen value, or null.
function chooseRow(heading, choices) {
  return new Promise((resolve) => {
    const dialog = document.createElement("dialog");
    dialog.className = "place-chooser";
    const form = document.createElement("form");
    form.method = "dialog";
    const label = document.createElement("label");
    label.textContent = heading;
    const select = document.createElement("select");
    for (const [value, text] of choices) select.append(new Option(text, value));
    label.append(select);
    const insert = document.createElement("button");
    insert.value = "insert";
    insert.textContent = "Insert";
    const cancel = document.createElement("button");
    cancel.value = "";
    cancel.textContent = "Cancel";
    form.append(label, insert, cancel);
    dialog.append(form);
    document.body.append(dialog);
    dialog.addEventListener("close", () => {
      resolve(dialog.returnValue === "insert" ? select.value : null);
      dialog.remove();
    });
    dialog.showModal();
  });
}

function placeNode({ name, kind, button, heading, missing, shown, thumbnail, choose }) {
  const attribute = `data-${kind}`;
  return Node.create({
    name,
    group: "block",
    atom: true,
    draggable: true,
    addAttributes() {
      return { value: { default: "", parseHTML: (element) => element.getAttribute(attribute) || "", renderHTML: () => ({}) } };
    },
    parseHTML() {
      return [{ tag: `figure[${attribute}]` }];
    },
    renderHTML({ node }) {
      return ["figure", { [attribute]: node.attrs.value }];
    },
    // In the editor the figure shows what it stands for; the stored HTML stays empty.
    addNodeView() {
      return ({ node }) => {
        const dom = document.createElement("figure");
        dom.className = "place-in-text";
        dom.setAttribute(attribute, node.attrs.value);
        const row = (formRows[kind] ? formRows[kind]() : []).find(([value]) => value === node.attrs.value);
        const source = thumbnail && thumbnail(node.attrs.value);
        if (source) {
          const image = document.createElement("img");
          image.src = source;
          image.alt = "";
          dom.append(image);
        }
        dom.append(shown(row ? row[1] : node.attrs.value));
        return { dom };
      };
    },
    addMenuItems({ menu, buttons }) {
      if (!button) return;
      menu.defineItem({
        name,
        groups: "nodes",
        button: buttons.text(button, heading),
        command(editor) {
          const choices = choose ? [] : formRows[kind]();
          if (!choose && !choices.length) {
            window.alert(missing);
            return;
          }
          (choose ? choose() : chooseRow(heading, choices)).then((value) => {
            if (value) editor.chain().focus().insertContent({ type: name, attrs: { value } }).run();
          });
        },
        active: () => false,
        enabled: () => true,
      });
    },
  });
}

export const ReadMorePlace = placeNode({
  name: "readMorePlace",
  kind: "read-more",
  button: "READ MORE",
  heading: "Insert READ MORE",
  missing: "Add the story to the READ MORE links first, then insert it here.",
  shown: (text) => `READ MORE: ${text}`,
});

export const EmbedPlace = placeNode({
  name: "embedPlace",
  kind: "embed",
  button: "Embed",
  heading: "Insert embed",
  missing: "Add the video or track to the embeds first, then insert it here.",
  shown: (text) => `Embed: ${text}`,
});

// A library picture, chosen with the image chooser (image-chooser.js) of the form's lead image
// field, which knows the library's addresses. The page draws it with the library's caption.
// id -> the chooser's card of the picture ({alt, thumbnail}): those the form opened with (the
// change form lists them), and those chosen since.
let knownPictures = null;

function pictures() {
  if (!knownPictures) {
    const listed = document.getElementById("body-pictures");
    knownPictures = new Map(Object.entries(listed ? JSON.parse(listed.textContent) : {}));
  }
  return knownPictures;
}

function choosePicture() {
  return new Promise((resolve) => {
    const select = document.querySelector("select[data-image-chooser]");
    if (!select || !window.newsroomImageChooser) {
      resolve(null);
      return;
    }
    const opener = document.activeElement;
    window.newsroomImageChooser(select, opener, (image) => {
      pictures().set(String(image.id), image);
      resolve(String(image.id));
    });
  });
}

export const ImagePlace = placeNode({
  name: "imagePlace",
  kind: "image",
  button: "Picture",
  heading: "Insert picture",
  choose: choosePicture,
  shown: (id) => `Picture: ${pictures().get(id)?.alt || `library image ${id}`}`,
  thumbnail: (id) => pictures().get(id)?.thumbnail,
});
