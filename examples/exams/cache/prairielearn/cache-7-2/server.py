# Made by cohere exam (cache, seed 7, problem 2): every answer was computed by cohere.
# Make the problem again rather than edit the answers.


def generate(data):
    data["params"]["topic"] = "cache"
    data["params"]["seed"] = "7"
    data["params"]["problem"] = 2
    data["correct_answers"]["a_1_2"] = 4
    data["correct_answers"]["a_2_2"] = 0
    data["correct_answers"]["a_3_2"] = 12
    data["correct_answers"]["a_4_2"] = 1
    data["correct_answers"]["b_1_3"] = "0x7b"
    data["correct_answers"]["b_1_4"] = 0
    data["correct_answers"]["b_1_5"] = "miss"
    data["correct_answers"]["b_1_6"] = "—"
    data["correct_answers"]["b_2_3"] = "0x7b"
    data["correct_answers"]["b_2_4"] = 0
    data["correct_answers"]["b_2_5"] = "hit"
    data["correct_answers"]["b_2_6"] = "—"
    data["correct_answers"]["b_3_3"] = "0x5c9"
    data["correct_answers"]["b_3_4"] = 0
    data["correct_answers"]["b_3_5"] = "miss"
    data["correct_answers"]["b_3_6"] = "—"
    data["correct_answers"]["b_4_3"] = "0x931"
    data["correct_answers"]["b_4_4"] = 0
    data["correct_answers"]["b_4_5"] = "miss"
    data["correct_answers"]["b_4_6"] = "—"
    data["correct_answers"]["b_5_3"] = "0x5c9"
    data["correct_answers"]["b_5_4"] = 0
    data["correct_answers"]["b_5_5"] = "hit"
    data["correct_answers"]["b_5_6"] = "—"
    data["correct_answers"]["b_6_3"] = "0x5c9"
    data["correct_answers"]["b_6_4"] = 0
    data["correct_answers"]["b_6_5"] = "hit"
    data["correct_answers"]["b_6_6"] = "—"
    data["correct_answers"]["b_7_3"] = "0x931"
    data["correct_answers"]["b_7_4"] = 0
    data["correct_answers"]["b_7_5"] = "hit"
    data["correct_answers"]["b_7_6"] = "—"
    data["correct_answers"]["b_8_3"] = "0x54d"
    data["correct_answers"]["b_8_4"] = 0
    data["correct_answers"]["b_8_5"] = "miss"
    data["correct_answers"]["b_8_6"] = "—"
    data["correct_answers"]["b_9_3"] = "0x5f1"
    data["correct_answers"]["b_9_4"] = 0
    data["correct_answers"]["b_9_5"] = "miss"
    data["correct_answers"]["b_9_6"] = "0x07b0"



NONE_INPUTS = ["b_1_6", "b_2_6", "b_3_6", "b_4_6", "b_5_6", "b_6_6", "b_7_6", "b_8_6"]
NONE_SPELLINGS = ["-", "—", "–", "--", "none"]
HEX_INPUTS = ["b_1_3", "b_2_3", "b_3_3", "b_4_3", "b_5_3", "b_6_3", "b_7_3", "b_8_3", "b_9_3", "b_9_6"]
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
