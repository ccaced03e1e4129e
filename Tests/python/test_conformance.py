"""jupyter_kernel_test's conformance suite, with every attribute set."""
import unittest

import jupyter_kernel_test as jkt


class SwiftKernelConformance(jkt.KernelTests):
    kernel_name = "swift"
    language_name = "swift"
    file_extension = ".swift"

    code_hello_world = 'print("hello, world")'
    code_stderr = 'FileHandle.standardError.write("oops\\n".data(using: .utf8)!)'

    completion_samples = [
        {"text": "zipWi", "matches": {"zipWithCursor"}},
        {"text": "StringProt", "matches": {"StringProtocol"}},
    ]
    complete_code_samples = ["1 + 1", 'print("done")', "func f() -> Int { 1 }", ""]
    incomplete_code_samples = ["func f() {", "if true {\n  print(1)", "let xs = [1,"]
    invalid_code_samples = ["let x = = 2", "let 1x = 3", "func f() { }}"]

    code_generate_error = 'fatalError("deliberate")'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"swift" + "nb"', "result": '"swiftnb"'},
        {"code": "[1, 2, 3].map { $0 * 2 }", "result": "[2, 4, 6]"},
    ]
    code_display_data = [
        {"code": 'display(MIMEBundle(["text/html": "<b>bold</b>", "text/plain": "bold"]))', "mime": "text/html"},
        {"code": 'display(42)', "mime": "text/plain"},
    ]
    code_history_pattern = "6 * *"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "print"
    code_clear_output = "clearOutput()"
    code_page_something = 'page("A long help text for the pager")'

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A name for the completion sample, defined by an earlier cell.
        cls.kc.execute_interactive("let zipWithCursor = 1", timeout=60)


class SwiftIopubWelcome(jkt.IopubWelcomeTests):
    kernel_name = "swift"
    support_iopub_welcome = True


if __name__ == "__main__":
    unittest.main()
