"""Small, real sample files made at seed time (no download, no extra package): a one-page PDF with a
few lines of text and a plain-colour PNG. The attachment checks accept both by their bytes."""

import struct
import textwrap
import unicodedata
import zlib


def ascii_text(text: str) -> str:
    """The text without accents (the PDF's standard font has no Vietnamese letters): "Kế hoạch" → "Ke hoach"."""
    text = text.replace("Đ", "D").replace("đ", "d").replace("–", "-").replace("“", '"').replace("”", '"')
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).encode("ascii", "replace").decode()


def _pdf_string(text: str) -> str:
    return "(" + ascii_text(text).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def pdf(lines: list[str]) -> bytes:
    """An A4 page with `lines` in Helvetica (the first one larger), with a valid cross-reference table."""
    commands = ["BT", "/F1 15 Tf", "60 770 Td", f"{_pdf_string(lines[0])} Tj", "/F1 11 Tf", "0 -28 Td"]
    for line in lines[1:]:
        for part in textwrap.wrap(line, 88) or [""]:  # 11 pt Helvetica: about 88 characters to the line on A4
            commands += [f"{_pdf_string(part)} Tj", "0 -17 Td"]
    commands.append("ET")
    stream = "\n".join(commands).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A plain `rgb` image of width × height."""
    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * height, 9)) + chunk(b"IEND", b""))
