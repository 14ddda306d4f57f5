# Made by cohere exam (scenario-exam-trace-1, seed 1): every answer was computed by cohere.
# Make the problem again rather than edit the answers.


def generate(data):
    data["params"]["topic"] = "scenario"
    data["params"]["seed"] = "1"
    data["params"]["problem"] = 1
    data["correct_answers"]["a_1_3"] = "E"
    data["correct_answers"]["a_1_4"] = "I"
    data["correct_answers"]["a_1_5"] = "I"
    data["correct_answers"]["a_1_6"] = "BusRd"
    data["correct_answers"]["a_1_7"] = "memory"
    data["correct_answers"]["a_1_8"] = 0
    data["correct_answers"]["a_2_3"] = "S"
    data["correct_answers"]["a_2_4"] = "S"
    data["correct_answers"]["a_2_5"] = "I"
    data["correct_answers"]["a_2_6"] = "BusRd"
    data["correct_answers"]["a_2_7"] = "memory"
    data["correct_answers"]["a_2_8"] = 0
    data["correct_answers"]["a_3_3"] = "I"
    data["correct_answers"]["a_3_4"] = "I"
    data["correct_answers"]["a_3_5"] = "M"
    data["correct_answers"]["a_3_6"] = "BusRdX"
    data["correct_answers"]["a_3_7"] = "memory"
    data["correct_answers"]["a_4_3"] = "S"
    data["correct_answers"]["a_4_4"] = "I"
    data["correct_answers"]["a_4_5"] = "S"
    data["correct_answers"]["a_4_6"] = "BusRd"
    data["correct_answers"]["a_4_7"] = "P2"
    data["correct_answers"]["a_4_8"] = 5
    data["correct_answers"]["a_5_3"] = "I"
    data["correct_answers"]["a_5_4"] = "M"
    data["correct_answers"]["a_5_5"] = "I"
    data["correct_answers"]["a_5_6"] = "BusRdX"
    data["correct_answers"]["a_5_7"] = "memory"
