# Made by cohere exam (defer, seed 7, problem 2): every answer was computed by cohere.
# Make the problem again rather than edit the answers.


def generate(data):
    data["params"]["topic"] = "defer"
    data["params"]["seed"] = "7"
    data["params"]["problem"] = 2
    data["correct_answers"]["a_1_2"] = 60
    data["correct_answers"]["a_2_2"] = "-"



NONE_INPUTS = ["a_2_2"]
NONE_SPELLINGS = ["-", "—", "–", "--", "none"]
HEX_INPUTS = []
LIST_INPUTS = []


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
