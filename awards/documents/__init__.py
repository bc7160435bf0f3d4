"""The award ledger's documents: the decision as a Word draft (docx) and as the issued PDF (pdf), its
PAdES signature and the check of a PDF signed elsewhere (signing), the certificates with their QR
code (certificates). `content` gathers what every one of them prints, in the administrative format
of docs/decisions/0035-award-documents.md, so the Word draft and the PDF never disagree."""
