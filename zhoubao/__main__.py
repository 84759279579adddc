from zhoubao.cli import main

main()
