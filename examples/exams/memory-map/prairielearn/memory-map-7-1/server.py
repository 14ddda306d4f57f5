# Made by cohere exam (memory-map, seed 7, problem 1): every answer was computed by cohere.
# Make the problem again rather than edit the answers.


def generate(data):
    data["params"]["topic"] = "memory-map"
    data["params"]["seed"] = "7"
    data["params"]["problem"] = 1
    data["correct_answers"]["a_1_3"] = "data"
    data["correct_answers"]["a_1_4"] = "0x900000"
    data["correct_answers"]["a_2_3"] = "bss"
    data["correct_answers"]["a_2_4"] = "0xa00000"
    data["correct_answers"]["a_3_3"] = "data"
    data["correct_answers"]["a_3_4"] = "0x900008"
    data["correct_answers"]["a_4_3"] = "data"
    data["correct_answers"]["a_4_4"] = "0x900010"
    data["correct_answers"]["a_5_3"] = "data"
    data["correct_answers"]["a_5_4"] = "0x900018"
    data["correct_answers"]["a_6_3"] = "bss"
    data["correct_answers"]["a_6_4"] = "0xa00008"
    data["correct_answers"]["a_7_3"] = "heap"
    data["correct_answers"]["a_7_4"] = "0x4000000"
    data["correct_answers"]["a_8_3"] = "heap"
    data["correct_answers"]["a_8_4"] = "0x4000008"
    data["correct_answers"]["a_9_3"] = "stack of main"
    data["correct_answers"]["a_9_4"] = "0x7fffffffefe0"
    data["correct_answers"]["a_10_3"] = "stack of worker"
    data["correct_answers"]["a_10_4"] = "0x7fffffff9fe0"
    data["correct_answers"]["b_1_2"] = "up"
    data["correct_answers"]["b_2_2"] = "down"
    data["correct_answers"]["c"] = "[0x7fffffff6000, 0x7fffffffa000)"



NONE_INPUTS = []
NONE_SPELLINGS = ["-", "—", "–", "--", "none"]
HEX_INPUTS = ["a_1_4", "a_2_4", "a_3_4", "a_4_4", "a_5_4", "a_6_4", "a_7_4", "a_8_4", "a_9_4", "a_10_4"]
LIST_INPUTS = ["c"]


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
