// Most common passwords in public breach corpora, including the Chinese-specific ones
// (CSDN/Tianya leaks). Compared case-insensitively after trimming.
const LIST = `123456 123456789 12345678 password qwerty123 qwerty 1234567890 12345 1234567 111111
123123 abc123 password1 1234 iloveyou 1q2w3e4r 000000 qwertyuiop 123321 654321 666666 888888
123456a a123456 a12345678 12345678a qq123456 5201314 1314520 woaini1314 woaini 520520 woaini520
abcd1234 abc12345 abc123456 aa123456 123qwe 1qaz2wsx qazwsx 1qaz2wsx3edc zxcvbnm asdfghjkl
asd123456 qwe123456 qweasdzxc 112233 11223344 147258369 147258 159357 159753 789456123 987654321
11111111 22222222 66666666 88888888 99999999 00000000 12341234 123123123 7777777 1111111111
password123 passw0rd p@ssw0rd p@ssword admin admin123 admin888 root123 test1234 welcome welcome1
letmein monkey dragon sunshine princess football baseball master shadow superman michael
trustno1 hello123 hello world loveme starwars whatever freedom computer internet iloveu
changeme secret secret123 default guest login user123 qwer1234 asdf1234 zaq12wsx 1q2w3e 1q2w3e4r5t
1qazxsw2 q1w2e3r4 q1w2e3r4t5 a1b2c3d4 a1234567 aaaaaa aaaaaaaa abcdefg abcdefgh abcdef 123abc
iloveyou1 woainima woaiwojia wangyang wang1234 zhang123 li123456 chen1234 liu12345 huang123
7758521 5211314 1314521 521521 201314 19491001 19900101 19880808 20080808 88888888a
qq1234567 qqqqqqqq 1234qwer zxc123456 zxcv1234 asdasd asdasd123 qazwsxedc 123654 123789
147852 147852369 258369 369258 456789 456123 741852963 963852741 1233211234567 2020202020
88889999 13579 135792468 24680 a5201314 w123456 z123456 wo123456 mima123 mima1234
password! password12 password1234 qwerty1 qwerty12 qwerty1234 1password iloveyou! 123456789a
12345678910 1234567891 0987654321 9876543210 12344321 123456654321 11112222 aaa111 abc111
`;

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(LIST.split(/\s+/).filter(Boolean));
