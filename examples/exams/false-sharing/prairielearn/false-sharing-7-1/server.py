# Made by cohere exam (false-sharing, seed 7, problem 1): every answer was computed by cohere.
# Make the problem again rather than edit the answers.


def generate(data):
    data["params"]["topic"] = "false-sharing"
    data["params"]["seed"] = "7"
    data["params"]["problem"] = 1
    data["correct_answers"]["a_1_4"] = "0x601140"
    data["correct_answers"]["a_1_5"] = "b, c"
    data["correct_answers"]["a_2_4"] = "0x601140"
    data["correct_answers"]["a_2_5"] = "a, c"
    data["correct_answers"]["a_3_4"] = "0x601140"
    data["correct_answers"]["a_3_5"] = "a, b"
    data["correct_answers"]["a_4_4"] = "0x601180"
    data["correct_answers"]["a_4_5"] = "—"
    data["correct_answers"]["b"] = 6
    data["correct_answers"]["c"] = 64
    data["correct_answers"]["d"] = 0



NONE_INPUTS = ["a_4_5"]
NONE_SPELLINGS = ["-", "—", "–", "--", "none"]
HEX_INPUTS = ["a_1_4", "a_2_4", "a_3_4", "a_4_4"]
LIST_INPUTS = ["a_1_5", "a_2_5", "a_3_5"]


def parse(data):
    submitted = data["submitted_answers"]
    # "none" is a dash in the key: -, --, an en or em dash, or none.
    for name in NONE_INPUTS:
        value = submitted.get(name)
        if isinstance(value, str) and value.strip().lower() in NONE_SPELLINGS:
            submitted[name] = data["correct_answers"][name]
    # A hex number may be written without 0x.
    for name in HEX_INPUTS:
        value = submitted.get(name)
        if isinstance(value, str):
            value = value.strip()
            if value and all(c in "0123456789abcdefABCDEF" for c in value):
                submitted[name] = "0x" + value
    # A list may be given in any order.
    for name in LIST_INPUTS:
        value = submitted.get(name)
        if isinstance(value, str):
            want = data["correct_answers"][name]
            def items(s):
                return sorted(x.strip().lower() for x in s.split(","))
            if items(value) == items(want):
                submitted[name] = want
