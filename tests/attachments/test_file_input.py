"""The portal's file input says "Chọn tệp…" and the chosen file's name in Vietnamese; the browser's own
"Choose File / No file chosen" never shows. The Excel import and attachments both use it."""

from django.urls import reverse

from portal.widgets import FileInput
from units.import_views import UploadForm


def test_the_import_form_uses_the_portal_file_input(client, tree, cast):
    assert isinstance(UploadForm.base_fields["file"].widget, FileInput)
    client.force_login(cast.chair)
    page = client.get(reverse("imports:people")).content.decode()
    assert "Chọn tệp…" in page and "Chưa chọn tệp nào" in page
    # The native input stays in the form, labelled and focusable, but out of sight.
    assert '<input type="file" name="file" class="visually-hidden"' in page
    assert 'accept=".xlsx"' in page
    assert 'aria-describedby="id_file_chosen"' in page


def test_a_refused_import_file_marks_the_portal_input_invalid(client, tree, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cast.chair)
    page = client.post(reverse("imports:people"), {"file": SimpleUploadedFile("ds.csv", b"a,b")}).content.decode()
    assert 'class="portal-file is-invalid"' in page
    assert "Chỉ nhập được tệp Excel (.xlsx)." in page
