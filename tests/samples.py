"""Small, real files of each allowed type (and some impostors), built in memory for tests."""

from __future__ import annotations

import io
import zipfile

OFFICE = "application/vnd.openxmlformats-officedocument."
MAIN_PARTS = {
    "docx": ("word/document.xml", OFFICE + "wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", OFFICE + "spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", OFFICE + "presentationml.presentation.main+xml"),
    "docm": ("word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"),
}


def pdf(text: str = "sample") -> bytes:
    return b"%PDF-1.4\n% sample document for tests: " + text.encode() + b"\n%%EOF\n"


def png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17


def jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20 + b"\xff\xd9"


def gif() -> bytes:
    return b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"


def office(kind: str, declare: bool = True) -> bytes:
    """A zip laid out like an Office file of `kind` (docx, xlsx, pptx, or docm with macros)."""
    part, content_type = MAIN_PARTS[kind]
    override = f'<Override PartName="/{part}" ContentType="{content_type}"/>' if declare else ""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="xml" ContentType="application/xml"/>{override}</Types>',
        )
        archive.writestr(part, "<document>sample</document>")
    return buffer.getvalue()


def office_bomb(inflated_mib: int, claimed: int = 1000) -> bytes:
    """A DOCX whose [Content_Types].xml says it holds `claimed` bytes and inflates to `inflated_mib` MiB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("[Content_Types].xml", "w") as member:
            member.write(b'<?xml version="1.0"?><Types>')
            for _ in range(inflated_mib):
                member.write(b" " * (1024 * 1024))
        archive.writestr(MAIN_PARTS["docx"][0], "<document>sample</document>")
    data = bytearray(buffer.getvalue())
    real = 28 + inflated_mib * 1024 * 1024
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local header, central directory
        at = data.find(signature)
        assert int.from_bytes(data[at + offset : at + offset + 4], "little") == real
        data[at + offset : at + offset + 4] = claimed.to_bytes(4, "little")
    return bytes(data)


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not an office file")
    return buffer.getvalue()


def text(content: str = "Sample notes: ballast water, SIDS.\n") -> bytes:
    return content.encode("utf-8")


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 50
