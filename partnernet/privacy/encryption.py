"""Key rotation for the encrypted personal-data columns (models.types.EncryptedText)."""

from sqlalchemy import Text, select, type_coerce, update

from partnernet.models.types import EncryptedText, field_cipher


def encrypted_columns(metadata) -> list:
    return [column for table in metadata.sorted_tables for column in table.columns
            if isinstance(column.type, EncryptedText)]


def rotate_field_keys(session, metadata, batch_size: int = 1000) -> int:
    """Re-encrypt every encrypted value with the first key of PARTNERNET_FIELD_KEY, so the
    older keys listed after it can then be removed. Works on the stored tokens (nothing is
    decrypted into Python objects); safe to run again. Returns how many values it rewrote."""
    cipher = field_cipher()
    rewritten = 0
    for column in encrypted_columns(metadata):
        table, raw = column.table, type_coerce(column, Text)
        key = table.primary_key.columns.values()[0]
        last = None
        while True:
            query = select(key, raw).where(column.is_not(None)).order_by(key).limit(batch_size)
            rows = session.execute(query if last is None else query.where(key > last)).all()
            for row_key, token in rows:
                session.execute(update(table).where(key == row_key).values(
                    {column.name: type_coerce(cipher.rotate(token.encode("ascii")).decode(
                        "ascii"), Text)}))
            rewritten += len(rows)
            session.commit()
            if len(rows) < batch_size:
                break
            last = rows[-1][0]
    return rewritten
