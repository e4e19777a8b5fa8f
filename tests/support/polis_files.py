"""A small, valid Pol.is conversation as the text of its export files (comments.csv,
votes.csv, participants-votes.csv, summary.csv), for tests to write out whole or altered.

Three comments (one moderated out, one with quotes and commas, one over two lines); votes by
participants 0 and 2, with a changed vote whose rows are out of time order.
"""

from __future__ import annotations

COMMENTS = (
    "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
    "1500000000000,Fri Jul 14 02:40:00 UTC 2017,0,0,1,0,1,Buses should be free\n"
    '1500000001000,Fri Jul 14 02:40:01 UTC 2017,1,1,0,1,-1,"Trains, too, ""obviously"""\n'
    '1500000002000,Fri Jul 14 02:40:02 UTC 2017,2,1,0,0,0,"A comment\nover two lines"\n'
)
VOTES = (
    "timestamp,datetime,comment-id,voter-id,vote\n"
    "1500000010000,x,0,0,1\n"
    "1500000011000,x,1,0,-1\n"
    "1500000013000,x,0,2,1\n"
    "1500000012000,x,0,2,0\n"
)
PARTICIPANT_VOTES = (
    "participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1,2\n"
    "0,0,1,2,1,1,1,-1,\n"
    "2,,0,1,1,0,1,,\n"
)
SUMMARY = "topic,Free transport?\nurl,https://pol.is/x\nconversation-description,Say so\n"
