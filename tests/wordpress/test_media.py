"""Where an attachment's file comes from, and what the importer refuses to read."""

import pytest

from wordpress.media import MissingMedia, fetch, get_file, upload_paths


def test_upload_paths_from_the_address_and_the_attached_file():
    url = "https://old.example.com/wp-content/uploads/2025/01/still.jpg"
    assert upload_paths(url, "/home/site/files/2025/01/still.jpg") == ["2025/01/still.jpg", "still.jpg"]


def test_a_path_climbing_out_of_the_media_folder_is_never_read(tmp_path):
    (tmp_path / "secret.jpg").write_bytes(b"x")
    media = tmp_path / "uploads"
    media.mkdir()
    with pytest.raises(MissingMedia, match="not in the media folder"):
        get_file("https://old.example.com/x", "../secret.jpg", media_dir=media, fetch_remote=False)


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:9/wp-content/uploads/a.jpg", "http://localhost/a.jpg", "http://10.0.0.8/a.jpg"],
)
def test_addresses_on_the_server_s_own_network_are_not_fetched(url):
    """An export names any URL it likes; the server must not be talked into reading its own network."""
    with pytest.raises(MissingMedia, match="not a public address"):
        fetch(url)


def test_only_http_addresses_are_fetched():
    with pytest.raises(MissingMedia, match="not an http"):
        fetch("file:///etc/passwd")
