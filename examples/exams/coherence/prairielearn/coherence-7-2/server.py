# Made by cohere exam (coherence, seed 7, problem 2): every answer was computed by cohere.
# Make the problem again rather than edit the answers.


def generate(data):
    data["params"]["topic"] = "coherence"
    data["params"]["seed"] = "7"
    data["params"]["problem"] = 2
    data["correct_answers"]["a_1_3"] = "S"
    data["correct_answers"]["a_1_4"] = "S"
    data["correct_answers"]["a_1_5"] = "I"
    data["correct_answers"]["a_1_6"] = "BusRd"
    data["correct_answers"]["a_1_7"] = "memory"
    data["correct_answers"]["a_1_8"] = 0
    data["correct_answers"]["a_2_3"] = "S"
    data["correct_answers"]["a_2_4"] = "S"
    data["correct_answers"]["a_2_5"] = "S"
    data["correct_answers"]["a_2_6"] = "BusRd"
    data["correct_answers"]["a_2_7"] = "memory"
    data["correct_answers"]["a_2_8"] = 0
    data["correct_answers"]["a_3_3"] = "I"
    data["correct_answers"]["a_3_4"] = "I"
    data["correct_answers"]["a_3_5"] = "M"
    data["correct_answers"]["a_3_6"] = "BusUpgr"
    data["correct_answers"]["a_3_7"] = "—"
    data["correct_answers"]["a_4_3"] = "I"
    data["correct_answers"]["a_4_4"] = "I"
    data["correct_answers"]["a_4_5"] = "M"
    data["correct_answers"]["a_4_6"] = "BusRdX"
    data["correct_answers"]["a_4_7"] = "memory"
    data["correct_answers"]["a_5_3"] = "S"
    data["correct_answers"]["a_5_4"] = "I"
    data["correct_answers"]["a_5_5"] = "S"
    data["correct_answers"]["a_5_6"] = "BusRd"
    data["correct_answers"]["a_5_7"] = "P2"
    data["correct_answers"]["a_5_8"] = 16
    data["correct_answers"]["a_6_3"] = "S"
    data["correct_answers"]["a_6_4"] = "S"
    data["correct_answers"]["a_6_5"] = "S"
    data["correct_answers"]["a_6_6"] = "BusRd"
    data["correct_answers"]["a_6_7"] = "memory"
    data["correct_answers"]["a_6_8"] = 16
    data["correct_answers"]["a_7_3"] = "S"
    data["correct_answers"]["a_7_4"] = "S"
    data["correct_answers"]["a_7_5"] = "S"
    data["correct_answers"]["a_7_6"] = "—"
    data["correct_answers"]["a_7_7"] = "—"
    data["correct_answers"]["a_7_8"] = 16
    data["correct_answers"]["a_8_3"] = "I"
    data["correct_answers"]["a_8_4"] = "M"
    data["correct_answers"]["a_8_5"] = "I"
    data["correct_answers"]["a_8_6"] = "BusUpgr"
    data["correct_answers"]["a_8_7"] = "—"



NONE_INPUTS = ["a_3_7", "a_7_6", "a_7_7", "a_8_7"]
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
