#!/usr/bin/env python3
"""papermill with a parameter translator for Swift notebooks.

papermill looks translators up by kernel or language name and has none for Swift, so
`papermill -p NAME VALUE` fails on a Swift notebook. Importing this module registers one;
running it runs papermill's own command line with the translator in place:

    python Tools/papermill_swift.py IN.ipynb OUT.ipynb -p epochs 3
"""
import json

from papermill.translators import Translator, papermill_translators


class SwiftTranslator(Translator):
    @classmethod
    def translate_escaped_str(cls, str_val):
        return json.dumps(str_val)  # a JSON string is a valid Swift string literal

    @classmethod
    def translate_none(cls, val):
        return "nil"

    @classmethod
    def translate_bool(cls, val):
        return "true" if val else "false"

    @classmethod
    def translate_float(cls, val):
        text = repr(float(val))
        return text if text not in ("inf", "-inf", "nan") else {"inf": ".infinity", "-inf": "-.infinity", "nan": ".nan"}[text]

    @classmethod
    def translate_dict(cls, val):
        if not val:
            return "[:]"
        return "[" + ", ".join(f"{cls.translate_str(k)}: {cls.translate(v)}" for k, v in val.items()) + "]"

    @classmethod
    def translate_list(cls, val):
        return "[" + ", ".join(cls.translate(v) for v in val) + "]"

    @classmethod
    def comment(cls, cmt_str):
        return f"// {cmt_str}".strip()

    @classmethod
    def assign(cls, name, str_val):
        # A later cell may redefine a name in SwiftNB, so `var` works whatever the cell above declared.
        return f"var {name} = {str_val}"


papermill_translators.register("swift", SwiftTranslator)

if __name__ == "__main__":
    from papermill.cli import papermill

    papermill()
